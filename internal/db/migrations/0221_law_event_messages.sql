-- Law: the parts of an event's summary (JSON: the kind of summary, the
-- instrument or country, the items with their State, kind and date), so
-- digests and feeds write it in the reader's language; summary stays the
-- English text.
ALTER TABLE law_events ADD COLUMN summary_parts TEXT NOT NULL DEFAULT '';
