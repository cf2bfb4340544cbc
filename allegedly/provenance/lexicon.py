"""Curated cue lists for attribution, hedging, negation and modality (lemmas, lower case).

Why hand-curated: no shipped lexicon covers news attribution; these lists were built by
reading the seed and Wikinews reporting verbs. Kinds decide status (see status.py).
"""
from __future__ import annotations

# Verbs whose subject is the source and whose complement is the reported content.
SAY_VERBS = frozenset("""say tell report state add announce confirm explain write note declare
reveal show read indicate suggest claim allege insist warn argue maintain assert disclose
describe detail discuss estimate predict testify acknowledge admit accuse tweet post quote
deny reject dismiss refute think believe cite mention remark stress emphasise emphasize
observe concede recall reply respond comment complain promise pledge vow forecast
continue conclude find determine rule recommend propose
email blog joke quip boast brag lament hint imply point repeat reiterate underscore contend
retort shout yell recount plead""".split())
# Say-verbs of PolNeAR's TRAIN cues (eval/polnear_cues.py) that report words only with a
# clause: "pointed out that …", "repeated that …" — not "pointed to the door".
CLAUSE_ONLY_VERBS_TRAIN = frozenset("point repeat".split())
# Stance verbs (TRAIN cues, eval/polnear_cues.py): the writer asserts the act ("Trump has
# praised Putin …"), the object is the subject's stance, belief or intention ("Putin as a
# strong leader" is Trump's). They give a nested claim, never the sentence's status.
STANCE_VERBS = frozenset("""call ask urge criticize criticise praise mock blast slam endorse decline refuse seek defend
oppose question blame demand request celebrate denounce hail portray encourage persuade embrace
support back welcome condemn applaud thank dispute disavow want plan intend prefer like dislike
love hate favor favour advocate champion tout express voice cite refer describe discuss mention
pledge vow promise predict estimate label dub brand characterize characterise accuse credit
congratulate scold chide rebuke lambaste decry deride ridicule reference invoke wonder assure
reassure remind inform advise caution threaten agree decide expect hope fear worry learn
recognize recognise know feel figure guess speculate charge counter think believe""".split())
# More cue verbs of the TRAIN split (eval/polnear_cues.py --min 3 --ratio 0.3: seen as a cue
# head at least 3 times and in at least 30% of their uses; emotion verbs whose subject is the
# cause, not the holder — "anger", "alarm", "thrill" — and verbs of acts rather than stances —
# "name", "order", "sign", "issue", "offer", "push" — left out), read as stance verbs. Deny-verbs
# ("reject", "dismiss") stay with the denial rules: "rejected the proposal" is no stance claim.
STANCE_VERBS_TRAIN = frozenset("""acquiesce allude apologize articulate assail balk bemoan brush chant clarify contemplate cry
deem distance doubt downplay dwell echo elaborate envision foresee herald highlight illustrate
interject interpret lambast lash liken mull muse opine outline posit preach proclaim pronounce
rail reaffirm rebuff rebut recite relish remember repudiate resist retweet revere revile savage
shrug signal spar suspect talk trumpet utter view vouch""".split())
# Verbs of seeing, speaking and holding a view from the same list below the 30% line (15–29%
# of their uses are cues: --min 5 --ratio 0.15), kept because a stance is their usual object.
STANCE_VERBS_TRAIN_WEAK = frozenset("""see consider speak focus cast share read answer publish
maintain compare present project favor promote convince tend lay""".split())
STANCE_VERBS = STANCE_VERBS | STANCE_VERBS_TRAIN | STANCE_VERBS_TRAIN_WEAK
# Never a stance for the learnt cue model (cue_model.py) either: the verbs of acts and the
# emotion verbs whose subject is the cause, left out of the lists above by reading, and the
# deny-verbs, which the denial rules govern ("rejected the proposal" is no stance claim).
NOT_STANCE_VERBS = frozenset("""anger alarm thrill upset frighten name order sign issue offer push
veto pass vote elect appoint nominate hire fire""".split())
# Predicative adjectives of stance (TRAIN cues): "Mr. Hurt is eager to get the book out",
# "Bolton was sternly critical of Republicans who …".
STANCE_ADJECTIVES = frozenset("""eager willing unwilling reluctant proud confident critical skeptical
sceptical wary opposed worried concerned convinced sure certain optimistic pessimistic hopeful
happy glad sorry afraid aware supportive determined adamant keen vocal uncertain unsure
dismissive fond frustrated angry upset disappointed pleased satisfied dissatisfied enthusiastic
unhappy comfortable uncomfortable""".split())
# Nouns that carry an attribution with their possessor or "by/from" maker as the source:
# "his assertion that …", "Clinton's claim that …", "a call by X for …".
CUE_NOUNS = frozenset("""assertion claim contention argument view belief statement call warning
promise pledge vow accusation allegation suggestion insistence admission denial criticism praise
demand request proposal plan decision remark comment interpretation opinion position stance
insinuation charge prediction estimate endorsement support opposition announcement""".split())
# Verbs of belief between a say-verb and the content: "said he had been assured that X would …".
ATTITUDE_VERBS = frozenset("""think believe feel envision envisage expect hope fear assure reckon
suppose know understand anticipate""".split())
# A passive say-verb raising its subject hides the source: "is said to", "is claimed to be",
# "is expected to" (only where it heads the sentence: status.hedge_cues).
PASSIVE_HEDGE_VERBS = frozenset("say claim allege report believe think rumor rumour understand expect".split())
# Say-verbs that also take plain objects; with a direct object and no clause they report nothing.
OBJECT_VERBS = frozenset("add post promise find determine rule recommend propose".split())
DENY_VERBS = frozenset("deny reject dismiss refute contradict".split())
# "deny" denies whatever it takes ("denied any involvement", "denied shelling civilians") except
# a thing withheld: "was denied entry", "denied him a visa" is a refusal, not a denial.
WITHHELD_NOUNS = frozenset("""access entry visa bail permission request application asylum
passage service membership parole admission license licence permit leave right rights""".split())
# "dismissed the video as fake": the predicate after "as" makes any dismissal a denial.
FALSE_WORDS = frozenset("""false baseless groundless unfounded untrue fabrication fabrications
fabricated lie lies nonsense propaganda rumour rumours rumor rumors fiction fake fakes
invention inventions slander speculation absurd ridiculous""".split())
# What a deny-verb must take to deny a claim: "rejected the proposal" is not a denial.
CLAIM_NOUNS = frozenset("""allegation claim report accusation charge rumor rumour suggestion
speculation story assertion""".split())
CLAIM_VERBS = frozenset("claim insist suggest allege maintain assert".split())
# Adverbs/adjectives by which the writer distances itself from the content.
HEDGES = frozenset("""allegedly reportedly purportedly supposedly apparently ostensibly
alleged purported so-called""".split())
APPEAR_VERBS = frozenset("appear seem".split())
HYPOTHETICAL_MODALS = frozenset("would could may might should".split())
FUTURE_MODALS = frozenset("will shall".split())
FUTURE_VERBS = frozenset("plan intend expect aim".split())
NEGATIONS = frozenset("not no never n't".split())
# Reception verbs that tie a document to where it came from ("received the files from X").
RECEIVE_VERBS = frozenset("receive obtain get acquire leak provide give hand".split())

DOCUMENT_NOUNS = frozenset("""file document report memo letter record paper statement study
dossier cable email data datum leak transcript communique communiqué survey poll research
analysis figure statistic projection review website site filing invitation announcement release
suit lawsuit complaint forecast estimate chart table footage video tweet blog""".split())
# Heads that name a state organ or its staff (unnamed: "a US official", "the ministry").
OFFICIAL_NOUNS = frozenset("""official spokesman spokeswoman spokesperson minister ministry
police authority authorities government governor president premier chancellor secretary mayor
department agency military army navy force commander diplomat treasury senate congress
pentagon kremlin senator lawmaker legislator congressman
regulator prosecutor embassy administration cabinet parliament""".split())
# State bodies, not people: "Barack Obama's administration" is not Obama.
INSTITUTION_NOUNS = frozenset("""ministry authority authorities government department agency
military army embassy administration cabinet parliament treasury police""".split())
# Bodies of a state that NER may call organisations ("Senate aides" speak for the state).
STATE_BODIES = INSTITUTION_NOUNS | frozenset("senate congress parliament pentagon kremlin".split())
# Unnamed people: the anonymous sources.
ANONYMOUS_NOUNS = frozenset("""source sources defector witness resident expert analyst observer
insider people person activist individual someone somebody anyone everyone customer consumer
user buyer investor economist trader critic""".split())
# Unnamed people who do not speak for the body named with them: "IS defectors", "Apple insiders".
UNOFFICIAL_NOUNS = frozenset("source defector witness insider critic activist resident".split())
# Roles a person holds; a name in the same phrase makes the hop that person.
ROLE_NOUNS = frozenset("""executive chief chairman chairwoman director head ceo officer manager
strategist professor researcher scientist lawyer attorney representative negotiator adviser
advisor aide vice founder owner leader member staff employee worker engineer""".split())
GROUP_NOUNS = frozenset("group organization organisation party movement coalition opposition".split())
# Organisations named by a common noun ("the company said"): a group, resolved when possible.
ORG_NOUNS = frozenset("""company firm bank automaker carmaker manufacturer maker airline carrier
retailer corporation giant business union institute university council committee board court
exchange insurer lender supplier fund charity team club association federation panel commission
tribunal jury inquiry campaign convention delegation caucus platform pac""".split())
# People named by a common noun in political news (PolNeAR TRAIN sources): "voters said", "a
# majority of Republicans believe", "the candidate claims", "delegates hope".
PEOPLE_NOUNS = frozenset("""voter candidate nominee delegate supporter opponent rival respondent
democrat republican conservative liberal progressive moderate independent american citizen
student parent woman man mother father wife husband son daughter family friend neighbor
neighbour colleague ally donor aide adviser surrogate pundit commentator columnist reporter
journalist editor author writer host anchor moderator judge justice lawyer attorney juror
protester demonstrator worker employee member leader majority minority percent""".split())
# Common nouns for a news medium: "state media reported", "Syrian state TV said".
OUTLET_NOUNS = frozenset("""newspaper magazine broadcaster daily tabloid media medium tv television
radio outlet press""".split())
# Verbs that lead on to a say-verb with the same speaker: "he went on to say", "continued to insist".
LEAD_ON_VERBS = frozenset("go continue proceed".split())
# Say-verbs that report words only with a clause ("…,” he continued); "he continued to work" is not.
CLAUSE_ONLY_VERBS = frozenset("continue".split()) | CLAUSE_ONLY_VERBS_TRAIN
# Agent-shaped words that are things ("the computer", "the percent", "the initiative").
THING_NOUNS = frozenset("""computer server player printer number order matter quarter center
centre border winter summer cancer tower monitor sensor motor reactor sector factor error mirror
floor door interior exterior indicator percent event element content incident accident patent
component amount initiative incentive objective alternative directive archive drive motive
derivative plant variant restaurant offer""".split())
# Bare quantifiers that stand for unnamed people: "Some say", "Others believe".
QUANTIFIERS = frozenset("some others other many most few several both all".split())
MEDIA_WORDS = frozenset("""news times post tv television radio press journal herald
guardian telegraph reuters afp bbc cnn ap aljazeera jazeera sky channel gazette tribune""".split())
PRONOUNS = frozenset("they it he she these those this".split())
