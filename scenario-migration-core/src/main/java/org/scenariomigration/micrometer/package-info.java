/**
 * The Micrometer binding of the library's metrics, {@link org.scenariomigration.micrometer.MicrometerMigrationMetrics}.
 * {@code io.micrometer:micrometer-core} is an optional dependency of the core: hosts that use this package add it
 * (Spring Boot's Actuator brings it); nothing outside this package refers to Micrometer, so the core loads and runs
 * without it.
 */
package org.scenariomigration.micrometer;
