-- "What rests on IS defectors": the source filter of lists, exports, the network and a
-- source's page looks chain hops up by name, and a claim's hops by their owner.
CREATE INDEX IF NOT EXISTS chain_hops_name ON chain_hops(name, owner);
CREATE INDEX IF NOT EXISTS chain_hops_owner ON chain_hops(article_id, owner, owner_idx);
