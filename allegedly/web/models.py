"""The API's response shapes, so the OpenAPI schema says what each endpoint answers."""
from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ErrorBody(BaseModel):
    """Every error: the message and the HTTP status again."""

    ok: Literal[False] = False
    error: str
    status: int


class Page(BaseModel, Generic[T]):
    """One page of a list: ``total`` rows match, ``next`` fetches the following page (null on the last)."""

    ok: Literal[True] = True
    total: int
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, or null")
    rows: list[T]


class ArticleRow(BaseModel):
    id: str
    title: str
    outlet: str | None = None
    publisher: str | None = None
    published: str | None = None
    dateline_place: str | None = None
    source: str | None = None
    ingested_at: str | None = None


class SearchHit(ArticleRow):
    snippet: str
    score: float


class CueRow(BaseModel):
    text: str | None = None
    span: list[int] | None = None
    kind: str | None = None


class ClaimRow(BaseModel):
    article_id: str
    idx: int
    text: str
    start: int
    end: int
    status: str
    confidence: float | None = None
    cues: list[CueRow]
    origin_name: str | None = None
    origin_kind: str | None = None
    chain_text: str | None = None
    # "title" for a claim of the headline given apart from the body: start/end are offsets into the title
    part: str = "text"
    title: str | None = None
    publisher: str | None = None
    published: str | None = None


class QuoteRow(BaseModel):
    article_id: str
    idx: int
    text: str
    start: int
    end: int
    speaker: str | None = None
    affiliation: str | None = None
    cue: str | None = None
    kind: str | None = None
    chain_text: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


class ParticipantRow(BaseModel):
    text: str
    code: str | None = None
    sector: str | None = None


class EventRow(BaseModel):
    article_id: str
    seq: int
    type: str
    cameo_root: str | None = None
    mode: str | None = None
    trigger: str | None = None
    start: int
    end: int
    evidence: str | None = None
    claim_seq: int | None = None
    status: str | None = None
    chain_text: str | None = None
    date_iso: str | None = None
    date_precision: str | None = None
    report_date_iso: str | None = None
    location_text: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    location_country: str | None = None
    confidence: float | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    actors: list[ParticipantRow]
    recipients: list[ParticipantRow]


class StoryRow(BaseModel):
    id: str
    title: str
    origin_article: str | None = None
    origin_name: str | None = None
    origin_via: str | None = None
    origin_basis: str | None = None
    article_count: int
    independent_count: int
    event_cluster_id: str | None = Field(None, description="the event cluster the family belongs to")
    event_independent_count: int | None = Field(None, description="independent sources of that event cluster")
    rests_on: str | None = Field(None, description="the organisation whose statement the family's claims come from")
    event_underlying_count: int | None = Field(
        None, description="underlying sources of that event cluster (one per statement-giver)")


class ClusterMember(BaseModel):
    article_id: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None


class ClusterFamily(StoryRow):
    score: float = Field(description="evidence that joined the family to the cluster (1.0 for its first)")
    members: list[ClusterMember] | None = None


class EventClusterHead(BaseModel):
    id: str
    title: str
    first_date: str | None = None
    last_date: str | None = None
    story_count: int = Field(description="report families")
    article_count: int
    independent_count: int = Field(description="families with distinct origins")
    sources: list[Any] = Field(description="the distinct underlying origins")
    underlying_count: int | None = Field(
        None, description="distinct underlying sources: families resting on one organisation's statement count once")
    underlying_sources: list[str] | None = Field(None, description="one label per underlying source")
    updated_at: str


class EventClusterRow(EventClusterHead):
    families: list[ClusterFamily]


class EventClusterDetail(BaseModel):
    cluster: EventClusterHead
    families: list[ClusterFamily]


class SourceRow(BaseModel):
    name: str
    kind: str
    claims: int
    articles: int


class Node(BaseModel):
    id: str
    name: str
    kind: str
    claims: int = Field(description="claims whose chain passes through this source")


class Edge(BaseModel):
    source: str
    target: str
    kind: Literal["relays", "cites", "from"]
    weight: int = Field(description="claims resting on this link")


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]
    claims: int
    truncated: bool


class SourceDetail(BaseModel):
    name: str
    kinds: dict[str, int]
    claims: int
    quotes: int
    articles: int
    relayed_by: list[Edge]
    relies_on: list[Edge]
    network: Network


class HopRow(BaseModel):
    name: str
    kind: str
    start: int | None = None
    end: int | None = None


class ClaimDetail(ClaimRow):
    url: str | None = None
    chain: list[HopRow]
    events: list[dict[str, Any]]
    places: list[dict[str, Any]]
    story_id: str | None = None
    appearances: list[dict[str, Any]]


class TimelineItem(BaseModel):
    kind: Literal["event", "claim"]
    id: str
    date: str
    status: str | None = None
    label: str
    title: str | None = None
    url: str


class Timeline(BaseModel):
    ok: Literal[True] = True
    by: Literal["published", "event"]
    items: list[TimelineItem]


class Point(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(description="[longitude, latitude]")


class Feature(BaseModel):
    type: Literal["Feature"] = "Feature"
    geometry: Point
    properties: dict[str, Any]


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]


class Stats(BaseModel):
    schema_version: int
    tables: dict[str, int]
    entity_types: dict[str, int]
    outlets: dict[str, int]
    runs: list[dict[str, Any]]
    facets: dict[str, dict[str, int]] = Field(description="the values each filter can take, with counts")


class StoryHead(StoryRow):
    updated_at: str


class StoryMember(BaseModel):
    article_id: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None


class CopyEdge(BaseModel):
    source: str = Field(description="the upstream article")
    target: str = Field(description="the article that copied, rewrote or cites it")
    kind: str
    score: float


class Appearance(BaseModel):
    article_id: str
    claim_seq: int
    outlet: str | None = None
    status: str
    text: str
    origin_key: str
    origin_label: str


class StoryClaim(BaseModel):
    story_id: str
    claim_group: int
    text: str
    appearances: list[Appearance]
    independent_count: int
    origins: list[str]


class StoryCluster(BaseModel):
    id: str
    title: str
    story_count: int
    article_count: int
    independent_count: int
    sources: list[Any]
    underlying_count: int | None = None
    underlying_sources: list[str] | None = None


class StoryDetail(BaseModel):
    story: StoryHead
    event_cluster: StoryCluster | None = Field(None, description="the event cluster the family belongs to")
    members: list[StoryMember]
    edges: list[CopyEdge]
    claims: list[StoryClaim]
