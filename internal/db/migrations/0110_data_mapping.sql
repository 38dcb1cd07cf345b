-- The column mapping a curator chose for a generic tidy import (JSON; empty
-- for the fixed formats), so that "read the file again" reads it the same way.
ALTER TABLE data_datasets ADD COLUMN mapping TEXT NOT NULL DEFAULT '';
