/**
 * The library's one JSON stack ({@link org.scenariomigration.json.Json}), the exceptions every format throws
 * ({@link org.scenariomigration.json.MalformedJsonException}, {@link org.scenariomigration.json.JsonLimitException}),
 * and the JSON every store keeps: sessions and their parts ({@link org.scenariomigration.json.SessionJson}), journal
 * records ({@link org.scenariomigration.json.JournalJson}) and a store's memory of the texts it read
 * ({@link org.scenariomigration.json.SessionTexts}).
 */
package org.scenariomigration.json;
