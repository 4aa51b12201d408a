/**
 * The library's one JSON stack ({@link org.scenariomigration.json.Json}) and the exceptions every format throws:
 * {@link org.scenariomigration.json.MalformedJsonException} and {@link org.scenariomigration.json.JsonLimitException}.
 */
package org.scenariomigration.json;
