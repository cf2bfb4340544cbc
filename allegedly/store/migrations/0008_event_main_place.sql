-- 0008 main events and how an event's place was chosen (issue 13).
--
-- main: 'article' for the event the article is about (salience: lead, material act, the act the
-- others elaborate), 'sentence' for the main event of its sentence (its main clause), NULL otherwise.
-- place_by: how location_* was chosen: own (the event's own place phrase) | sentence (nearest place
-- of its sentence) | dateline | article (the place the article names most) | NULL (no place).
-- date_precision gains the value 'publication': no date in the event's clause, the article's date.

ALTER TABLE events ADD COLUMN main TEXT;
ALTER TABLE events ADD COLUMN place_by TEXT;
CREATE INDEX events_main ON events(main) WHERE main IS NOT NULL;
