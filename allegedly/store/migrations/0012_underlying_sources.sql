-- 0012 underlying sources: a report family that rests on one organisation's statement
-- (stories/statements.py: nearly all its attributed claims come from that organisation, its
-- spokespeople or its statement) names it, and an event cluster counts such families once per
-- statement-giver (and families whose bylines share a reporter once) beside its families with
-- distinct origins. Rows written before this are NULL
-- until their story or cluster is recomputed (`allegedly stories --rebuild`).
ALTER TABLE stories ADD COLUMN rests_on TEXT;
ALTER TABLE stories ADD COLUMN reporters TEXT;  -- JSON list of the reporters its pages' bylines name
ALTER TABLE event_clusters ADD COLUMN underlying_count INTEGER;
ALTER TABLE event_clusters ADD COLUMN underlying_sources TEXT;
