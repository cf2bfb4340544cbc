"""Collect articles from where news lives: feeds, sitemaps, URL lists and WARC files.

    urls.py      normalise(url): one key per article URL (courlan)
    feeds.py     RSS/Atom (feedparser) and feed lists (text, OPML) → Listed links
    sitemaps.py  sitemaps, indexes and news sitemaps (lxml) → Listed links
    fetch.py     Fetcher: httpx on an asyncio loop thread; retries, conditional GET, size cap
    limits.py    HostLimiter: per-host spacing and concurrency, a global cap
    robots.py    robots.txt rules (protego), RFC 9309 on missing or failing files
    warc.py      WARC/WARC.gz records (warcio) → Pages
    pages.py     Page → RawArticle via ingest's HTML reader, or Skip (index, video, paywall stub)
    run.py       Collector: discover → queue → fetch → Pipeline.process_many → store_outcomes
    watch.py     re-run every N minutes until Ctrl-C
    cli.py       `allegedly collect`, `allegedly fetches`

Importing this package loads none of httpx, feedparser, protego or warcio; only a
run with a URL source reaches the network.
"""
