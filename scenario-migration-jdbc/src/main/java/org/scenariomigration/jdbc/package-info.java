/**
 * The store SPIs on JDBC: {@link org.scenariomigration.jdbc.JdbcStores} builds them over a
 * {@link javax.sql.DataSource} of H2 (the embedded default), PostgreSQL or MariaDB/MySQL, with versioned schema
 * scripts per {@link org.scenariomigration.jdbc.Dialect}.
 */
package org.scenariomigration.jdbc;
