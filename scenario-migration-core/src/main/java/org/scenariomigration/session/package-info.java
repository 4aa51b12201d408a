/**
 * A session as the library sees it: {@link org.scenariomigration.session.SessionState} (position, variables, history,
 * pending migration, owed effects), the rules its variables must follow
 * ({@link org.scenariomigration.session.VariableValues}), and the values it carries.
 */
package org.scenariomigration.session;
