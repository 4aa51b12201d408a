-- the host's own version 1, beside the library's scripts in the Flyway recipe test
CREATE TABLE ${prefix}orders (
  id VARCHAR(64) NOT NULL PRIMARY KEY
);
