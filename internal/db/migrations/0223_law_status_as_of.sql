-- What a treaty status rests on (issue 14): the date of the source a
-- status table was imported from and its description, per instrument.
-- A status answer is "as of" the later of this date and the latest
-- recorded action.
ALTER TABLE law_instruments ADD COLUMN status_source_date TEXT NOT NULL DEFAULT '';
ALTER TABLE law_instruments ADD COLUMN status_source TEXT NOT NULL DEFAULT '';
