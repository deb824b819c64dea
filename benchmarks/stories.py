"""Fictional wire stories composed from templates.

Everything here is invented: people, places, organisations, outlets and figures come from
syllable generators and small pools, and sentences from templates with slots (``{CITY}``) and
inline alternatives (``[rose|fell]``). The text only has to *look* like wire copy, so that
near-duplicate detection has realistic input with a known structure.

Public entry points: :func:`compose_story` (a base story), :func:`compose_brief` (templated
reports that share boilerplate: hard negatives), :func:`continue_story` (new paragraphs on the
same story, used by the ``update`` and ``rewrite`` edits) and :func:`make_quote`.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BRIEF_KINDS",
    "OUTLETS",
    "TOPICS",
    "Person",
    "Story",
    "compose_brief",
    "compose_story",
    "continue_story",
    "headline",
    "invent_person",
    "make_quote",
]

TOPICS: tuple[str, ...] = (
    "conflict",
    "politics",
    "business",
    "disaster",
    "sports",
    "courts",
    "health",
    "technology",
)
"""Topics :func:`compose_story` knows."""

BRIEF_KINDS: tuple[str, ...] = ("earnings", "commodities", "sports_results")
"""Kinds of templated reports :func:`compose_brief` writes."""

OUTLETS: tuple[str, ...] = (
    "Meridian Wire",
    "Tidewater Ledger",
    "Northgate Courier",
    "Harborline News",
    "Kestrel News Agency",
    "Vantage Press Service",
    "The Copperfield Sentinel",
    "Lowmoor Gazette",
    "Bellhaven Daily",
    "Orrin Valley Chronicle",
    "The Saltmarsh Record",
    "Quillon Times",
    "Greystrand Post",
    "Ambermoor Herald",
    "Westerly Wire Service",
    "Cinderbrook Journal",
    "The Falconridge Observer",
    "Palisade News Network",
)
"""Invented news outlets (used as sources, in datelines and in attributions)."""

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _w(text: str) -> tuple[str, ...]:
    """Whitespace-separated words of ``text`` (compact pools)."""
    return tuple(text.split())


def _pick(rng: random.Random, seq: Sequence[Any]) -> Any:
    """``rng.choice`` without the overhead (hot path)."""
    return seq[int(rng.random() * len(seq))]


def _ap(n: int) -> str:
    """A count in wire style: one to nine in words, 10 and up in digits with commas."""
    return _NUMBER_WORDS[n] if 0 <= n < 10 else f"{n:,}"


# --------------------------------------------------------------------------------------------
# Name pools (invented: syllable generators plus short lists of common first names)
# --------------------------------------------------------------------------------------------

_FIRST_M = _w(
    "Ahmed Andre Anton Arjun Bruno Caleb Cyrus Daniel Desmond Diego Dmitri Elias Emil Felix "
    "Gabriel Gideon Gustav Hassan Henrik Hugo Ibrahim Ivan Jonas Julian Karim Kenji Kofi Kwame "
    "Lars Leon Luis Malik Marcus Martin Mateo Moritz Nikolai Omar Oscar Paolo Patrick Pavel "
    "Rafael Rashid Reza Ruben Samir Samuel Simon Stefan Tariq Tobias Tomas Victor Viktor Wesley "
    "Yusuf Wayne Ezra Idris Joaquin Lorcan Matthias Nasir Otto Quentin Rowan Soren"
)
_FIRST_F = _w(
    "Ada Adaeze Aisha Alma Amara Ananya Anika Asha Ayesha Beatriz Camille Carmen Chloe Clara "
    "Dalia Elena Elif Esther Farah Fatima Freya Grace Greta Hana Helena Imani Ines Ingrid Irina "
    "Jana Keiko Layla Leila Lina Lucia Lucy Maria Marta Mei Mira Nadia Nia Noor Nora Olga "
    "Paloma Priya Rosa Ruth Selin Sienna Sofia Teresa Thandiwe Vera Wen Yara Zainab Jessica "
    "Bronwyn Cecile Dagny Eshe Fiona Giulia Halima Ilse Juno Kalinda Linnea Maren"
)
_LAST_A = _w(
    "Ab Al Bar Bel Cal Dar Del Est Fal Gar Hal Ker Lan Mar Nor Os Pal Quin Ras Sel Tal Ul Var "
    "Wen Yor Zel Kov Mend Hart Stro Brek Dun Fen Grav Hol Jor Kest Lund Mor Nev Ok Pra Riv Sand "
    "Tor Vel Whit Ash Bran Cor Drev Eld Gund Har Ilk Kal Lor Mav Nal Orm Pell Rath Sov Tev"
)
_LAST_B = _w(
    "ani ard berg by dal ell enko eros ez ford gaard ing ini ski son sen ton ova uchi well ley "
    "mann ovic ado ari essa quist rick more ette arro inho ura avi ander ock urst ensky ides"
)

_PLACE_A = _w(
    "Kal Mer Tor Vel Ash Bren Cor Dal Esk Fen Gal Har Ist Jor Kes Lor Mar Nor Ost Pel Quen Ros "
    "Sal Tam Ul Var Wes Yar Zan Bel Cas Dor Eld Fal Gor Hel Ir Kar Lun Mor Nev Or Pra Riv Sar "
    "Tel Val Bar Cel Den Ard Brim Cald Drum Eb Frel Glen Hask Iv Kell Lam Merr Nisk Ov Pim"
)
_PLACE_MID = ("", "", "", "a", "e", "i", "o", "an", "en", "ar", "or", "el", "is", "un", "ad")
_CITY_END = _w(
    "ford ton burg mouth field haven dale stad ora ena ano ek avik ore esh ir wick holm mere "
    "bridge port cross vale gate minster ley by ica ola enza"
)
_CITY_PREFIX = ("", "", "", "", "", "", "", "Port ", "New ", "Upper ", "San ", "Fort ", "Lake ")
_COUNTRY_END = (
    ("ia", "ian"),
    ("ova", "ovan"),
    ("ara", "aran"),
    ("ania", "anian"),
    ("enia", "enian"),
    ("ovia", "ovian"),
    ("ica", "ican"),
    ("essa", "essan"),
    ("ora", "oran"),
    ("una", "unan"),
    ("eria", "erian"),
    ("ando", "andan"),
)
_CO_END = ("tek", "ix", "ora", "on", "ant", "ex", "ium", "ara", "ico", "yne", "aro", "elle")
_CO_KIND = _w(
    "Holdings Group Systems Energy Motors Pharmaceuticals Foods Logistics Bank Airlines "
    "Networks Mining Retail Insurance Semiconductor Telecom Materials Chemicals Shipping Steel"
)
_TECH_KIND = ("Labs", "Software", "Systems", "Networks", "Cloud", "Robotics", "Devices", "AI")
_MASCOTS = _w(
    "Falcons Rovers United Wanderers Athletic Harriers Comets Mariners Rangers Foxes Stags "
    "Otters Ravens Pilots Millers Kestrels Badgers Dragons Saints Pioneers"
)
_GROUP_A = (
    "Northern Shield",
    "Free River",
    "Iron Crescent",
    "Mountain Lions",
    "Dawn Guard",
    "Red Ridge",
    "Southern Wind",
    "Black Cedar",
    "Sons of the Valley",
    "Steel Banner",
    "White Falcon",
    "Stone Gate",
)
_GROUP_B = ("Brigades", "Front", "Movement", "Battalions", "Guard", "Army", "Legion", "Militia")
_PARTY_A = (
    "Democratic",
    "People's",
    "National",
    "Progressive",
    "United",
    "Reform",
    "Civic",
    "Social",
    "Green",
    "Liberal",
    "Conservative",
    "Workers'",
)
_PARTY_B = ("Alliance", "Union", "Party", "Front", "Movement", "Congress", "League", "Bloc")
_THINK = ("Institute", "Center", "Foundation", "Council", "Forum", "Group")
_THINK_A = (
    "Policy",
    "Strategic Studies",
    "Security Research",
    "Public Affairs",
    "Regional Studies",
    "Economic Research",
    "Democracy",
    "Crisis Analysis",
)
_DISEASES = (
    "measles",
    "cholera",
    "dengue fever",
    "a new strain of influenza",
    "tuberculosis",
    "a respiratory virus",
    "meningitis",
    "typhoid",
    "hepatitis E",
    "mumps",
)
_CHARGES = (
    "fraud",
    "money laundering",
    "bribery",
    "tax evasion",
    "embezzlement",
    "insider trading",
    "obstruction of justice",
    "abuse of office",
    "extortion",
    "conspiracy",
)
_PRODUCTS = (
    "electric trucks",
    "frozen foods",
    "industrial robots",
    "solar panels",
    "memory chips",
    "sports shoes",
    "generic drugs",
    "cement",
    "smartphones",
    "jet engines",
    "fertilizer",
    "packaged coffee",
    "home appliances",
    "wind turbines",
)
_TECH_PRODUCTS = (
    "messaging app",
    "cloud storage service",
    "payments platform",
    "smart speaker",
    "ride-hailing app",
    "chatbot",
    "video streaming service",
    "password manager",
    "mapping service",
    "fitness tracker",
)
_STORM_NAMES = _w(
    "Arlo Bettina Calder Delphine Emrys Fenna Gaspard Hollis Isolde Jarrah Kerensa Linus "
    "Marisol Niamh Orla Percival Quilla Rhoswen Sabine Talulla Ulric Verity Wystan Xanthe"
)


def _syll(rng: random.Random, a: Sequence[str], mid: Sequence[str], end: Sequence[str]) -> str:
    name = _pick(rng, a) + _pick(rng, mid) + _pick(rng, end)
    return name[0].upper() + name[1:].lower()


def _last_name(rng: random.Random) -> str:
    return _syll(rng, _LAST_A, ("", "", "", "a", "e", "i", "o"), _LAST_B)


def _city(rng: random.Random) -> str:
    return _pick(rng, _CITY_PREFIX) + _syll(rng, _PLACE_A, _PLACE_MID, _CITY_END)


def _country(rng: random.Random) -> tuple[str, str]:
    stem = _pick(rng, _PLACE_A) + _pick(rng, ("", "", "d", "r", "v", "l", "m", "n", "t"))
    end, adj = _pick(rng, _COUNTRY_END)
    if stem[-1] in "aeiou":
        stem = stem[:-1]
    return stem + end, stem + adj


def _region(rng: random.Random) -> str:
    return _syll(rng, _PLACE_A, _PLACE_MID, ("a", "o", "i", "ia", "ar", "an", "ek", "uz", "ene"))


def _company(rng: random.Random, kinds: Sequence[str] = _CO_KIND) -> tuple[str, str]:
    short = _syll(rng, _PLACE_A, ("", "", "a", "o", "i"), _CO_END)
    return f"{short} {_pick(rng, kinds)}", short


def _outlet(rng: random.Random) -> str:
    return str(_pick(rng, OUTLETS))


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    """An invented person with a role.

    ``prefix`` is a title written before the name ("Interior Minister"), ``appos`` a description
    written after it ("a spokeswoman for the coalition"); exactly one of them is set.
    """

    first: str
    last: str
    female: bool
    prefix: str = ""
    appos: str = ""
    full: str = field(init=False, repr=False, compare=False)
    """First and last name."""

    def __post_init__(self) -> None:
        self.full = f"{self.first} {self.last}"

    def subject(self) -> str:
        """First mention in subject position (an appositive ends with a comma)."""
        if self.prefix:
            return f"{self.prefix} {self.full}"
        return f"{self.full}, {self.appos},"

    def end(self) -> str:
        """First mention at the end of a sentence."""
        if self.prefix:
            return f"{self.prefix} {self.full}"
        return f"{self.full}, {self.appos}"

    def describe(self) -> str:
        """Name with role, as recorded in a story's facts."""
        return self.end()


_ROLES: dict[str, tuple[str, ...]] = {
    "conflict": (
        "P:Army Col.",
        "P:Maj. Gen.",
        "P:Brig. Gen.",
        "P:Lt. Col.",
        "P:Navy Cmdr.",
        "P:Defense Minister",
        "P:Interior Minister",
        "a {spokes} for {ORG_MIL}",
        "a commander of {GROUP}",
        "the governor of {REGION} province",
        "a security analyst at {THINKTANK}",
        "a {spokes} for the {COUNTRY_ADJ} foreign ministry",
        "a resident of {CITY}",
        "a shopkeeper in {CITY2}",
    ),
    "politics": (
        "P:Prime Minister",
        "P:President",
        "P:Foreign Minister",
        "P:Finance Minister",
        "the leader of {PARTY}",
        "a lawmaker from {PARTY2}",
        "P:Parliamentary Speaker",
        "a political analyst at {UNIVERSITY}",
        "a {spokes} for the presidency",
        "a senior member of {PARTY}",
        "a voter in {CITY2}",
    ),
    "business": (
        "the chief executive of {COMPANY}",
        "{COMPANY_SHORT}'s chief financial officer",
        "an analyst at {BANK}",
        "a portfolio manager at {FUND}",
        "a {spokes} for {COMPANY_SHORT}",
        "the {chair} of {COMPANY_SHORT}",
        "an economist at {BANK}",
        "a union representative at the {CITY} plant",
    ),
    "disaster": (
        "P:Mayor",
        "P:Gov.",
        "the fire chief in {CITY}",
        "a meteorologist with {WEATHER_AGENCY}",
        "the director of {EMERGENCY_AGENCY}",
        "a resident of {CITY2}",
        "a {spokes} for {RELIEF}",
        "a farmer outside {CITY}",
    ),
    "sports": (
        "the {TEAM1} manager",
        "the {TEAM2} manager",
        "{TEAM1}'s captain",
        "a {TEAM2} defender",
        "the {TEAM1} goalkeeper",
        "a former {TEAM2} striker",
        "the {LEAGUE} commissioner",
    ),
    "courts": (
        "P:Judge",
        "the chief prosecutor in {CITY}",
        "a lawyer for {DEF}",
        "P:Attorney General",
        "a {spokes} for the {COURT}",
        "a law professor at {UNIVERSITY}",
        "a former colleague of {DEF}",
    ),
    "health": (
        "P:Health Minister",
        "P:Dr.",
        "an epidemiologist at {UNIVERSITY}",
        "the director of {HOSPITAL}",
        "a {spokes} for {HEALTH_AGENCY}",
        "the chief medical officer of {REGION} province",
        "a nurse at {HOSPITAL}",
        "a parent in {CITY2}",
    ),
    "technology": (
        "the chief executive of {TECHCO}",
        "a security researcher at {SECFIRM}",
        "an analyst at {RESEARCH_FIRM}",
        "a {spokes} for {TECHCO_SHORT}",
        "the head of {REGULATOR}",
        "P:Digital Affairs Minister",
        "a software engineer in {CITY}",
    ),
}
_GENERIC_ROLES = (
    "a {spokes} for the {COUNTRY_ADJ} government",
    "a researcher at {THINKTANK}",
    "a local official in {CITY}",
    "a professor at {UNIVERSITY}",
)


def invent_person(
    rng: random.Random, role: str = "", slots: Mapping[str, str] | None = None
) -> Person:
    """A new invented person; ``role`` is ``"P:<title>"`` or an appositive template."""
    female = rng.random() < 0.5
    first = _pick(rng, _FIRST_F if female else _FIRST_M)
    person = Person(first, _last_name(rng), female)
    role = role or "a {spokes} for the {COUNTRY_ADJ} government"
    words = {
        "spokes": "spokeswoman" if female else "spokesman",
        "chair": "chairwoman" if female else "chairman",
    }
    text = role[2:] if role.startswith("P:") else role
    text = re.sub(r"\{(\w+)\}", lambda m: words.get(m[1]) or (slots or {}).get(m[1], m[1]), text)
    if role.startswith("P:"):
        person.prefix = text
    else:
        person.appos = text
    return person


# --------------------------------------------------------------------------------------------
# Grammar: templates with {SLOT}s and [a|b|c] alternatives
# --------------------------------------------------------------------------------------------

_ANON: dict[str, list[list[str]]] = {}
_ANON_IDS: dict[tuple[str, ...], str] = {}
_ALT = re.compile(r"\[([^\[\]]*)\]")


def _anon(options: tuple[str, ...]) -> str:
    key = _ANON_IDS.get(options)
    if key is None:
        key = f"~{len(_ANON_IDS)}"
        _ANON_IDS[options] = key
        _ANON[key] = [list(options)]
    return key


_EXPAND_CAP = 256
"""Alternatives are spelled out while a template has at most this many variants (faster than
drawing them slot by slot); later ``[a|b]`` groups become anonymous slots."""


def _compile(template: str) -> list[str]:
    """The variants of one template (leading ``[a|b]`` groups expanded, the rest slots)."""
    groups = [tuple(m[1].split("|")) for m in _ALT.finditer(template)]
    if not groups:
        return [template]
    parts = _ALT.split(template)  # literal, group, literal, group, ...
    n_expand, size = 0, 1
    while n_expand < len(groups) and size * len(groups[n_expand]) <= _EXPAND_CAP:
        size *= len(groups[n_expand])
        n_expand += 1
    tail = ""
    for g, literal in zip(groups[n_expand:], parts[2 + 2 * n_expand :: 2], strict=True):
        tail += ("{" + _anon(g) + "}" if len(g) > 1 else g[0]) + literal
    out = []
    for combo in itertools.product(*groups[:n_expand]):
        text = parts[0]
        for choice, literal in zip(combo, parts[2 : 2 + 2 * n_expand : 2], strict=True):
            text += choice + literal
        out.append(text + tail)
    return out


_NO_REPEAT = frozenset({"CLAIM", "BACK", "REACT", "QUOTE_T", "UPD", "LEDE", "HEAD"})
"""Grammar keys whose templates a story does not reuse (while unused ones remain)."""

_Grammar = dict[str, list[list[str]]]
"""Key -> templates -> variants of the template."""


def _grammar(raw: Mapping[str, Sequence[str]]) -> _Grammar:
    return {k: [_compile(t) for t in alts] for k, alts in raw.items()}


_GENERIC_RAW: dict[str, list[str]] = {
    # attribution frames around a topic claim
    "FACT_FRAME": [
        "{S} [said|told reporters|said in a statement|said on {DAY}] {CLAIM}.",
        "{S} [said|told reporters|told {OUTLET}] [that |]{CLAIM}.",
        "{CLAIM}, {S} [said|told reporters|said on {DAY}].",
        "{CLAIM}, said {S_END}.",
        "According to {S_END}, {CLAIM}.",
        "{CLAIM}, according to {SRC}.",
        "{SRC} [said|reported|confirmed] {CLAIM}.",
        "{CLAIM}.",
        "{CLAIM}.",
        "{CLAIM}.",
        "[Separately|Meanwhile|Earlier|Later on {DAY}|By {TIME2}|On {DAY2}], {CLAIM}.",
        "{S} [also said|noted|confirmed|acknowledged] that {CLAIM}.",
        "{CLAIM}, {S} [added|said], [without giving details|without elaborating|citing "
        "preliminary figures|speaking by phone].",
        "{CLAIM}, and {CLAIM}.",
        "{CLAIM}, while {CLAIM}.",
        "[It was not immediately clear|It remained unclear|It was not clear|Officials did not "
        "say|There was no immediate word on|Nobody could yet confirm] whether {CLAIM}.",
        "{S} [did not say|declined to say|would not say] whether {CLAIM}.",
    ],
    "QUOTE_FRAME": [
        '"{QUOTE_T}," {S} said.',
        '"{QUOTE_T}," said {S_END}.',
        '"{QUOTE_T}. {QUOTE_T}," {S} said.',
        '{S} said: "{QUOTE_T}."',
        '"{QUOTE_T}," {S} [told reporters|said in a statement|told {OUTLET}|said on {DAY}].',
        '"{QUOTE_T}," {S} [said|told reporters]. "{QUOTE_T}."',
        '{S} [said|argued|warned|insisted] that {CLAIM}. "{QUOTE_T}," {S_PRON} [said|added].',
    ],
    "REACT": [
        "The [decision|announcement|incident|development] [drew|prompted] [swift|sharp|mixed|"
        "angry] [criticism|reactions] from [opposition lawmakers|neighboring governments|rights "
        "groups|residents|investors|trade unions].",
        "[Representatives for|A spokesperson for|Officials at] {ORG_ANY} [did not respond to "
        "requests for comment|declined to comment|could not be reached for comment|did not "
        "immediately return calls seeking comment].",
        "[Critics|Opponents|Some observers] [say|argue|have long said] [the authorities|officials|"
        "the government] [acted too slowly|ignored early warnings|have not done enough] [to "
        "prevent|to prepare for|in response to] [such events|a crisis like this|the situation].",
        "[Supporters|Allies|Backers] of the [government|authorities] [say|counter] [officials|"
        "they] [moved|responded|acted] [quickly|as fast as possible|within hours] [once|after] "
        "the [first|initial] [reports|warnings|alerts] [came in|arrived|reached {CITY}].",
        "The [episode|affair|situation] [has|had] [unsettled|alarmed|angered|divided] [many|some|"
        "local] [residents|officials|observers] in {CITY}.",
        "[Few|Some|Several] [details|specifics] [were|have been] [made public|released|disclosed] "
        "[so far|by {TIME2}|as of {DAY}], and {ORG_ANY} [said|promised] more [information|"
        "details] would [follow|be released] [later|in the coming days].",
    ],
    "QUOTE_GEN": [
        "[We are|I am|Everyone here is] [watching|following|monitoring] [this|the situation|"
        "events] [very |]closely",
        "[There is|We have] [a lot|much] [more|still] to [do|learn|understand] [before|until] "
        "[we can|anyone can] [draw conclusions|say for sure|move on]",
        "[Nobody|No one] [expected|anticipated|predicted] [this|it] to [happen|unfold] [so fast|"
        "this quickly|like this]",
        "[This is|It is] not [the end|over|something we can ignore] [of the story|yet|for now]",
        "[People|Families|Residents] [want|need|deserve] [answers|the truth|clarity], and [they "
        "want|they need] [them|it] [now|quickly|soon]",
        "[I think|I believe|Frankly,] [we|everyone] [should|must|will have to] [wait|be patient|"
        "stay calm] [for now|a little longer|until the facts are clear]",
        "[We|I] [never|did not] [imagine|think|believe] [we would|it would] [see|come to] "
        "[this|a day like this|something like this] in {CITY}",
        "[It is|This is] a [difficult|hard|painful] [day|moment|time] for [all of us|our "
        "community|the country]",
    ],
    "ORG_ANY": ["{ORG1}", "{ORG1}", "the {COUNTRY_ADJ} government"],
    "OUTLET": [o for o in OUTLETS],
}

_TOPIC_RAW: dict[str, dict[str, list[str]]] = {
    "conflict": {
        "HEAD": [
            "{FORCE} [come under|face] [rocket|drone|mortar] attack near {CITY}",
            "{N_KILLED} killed as {GROUP_SHORT} [attacks|strikes|shells] {CITY}",
            "{COUNTRY} [condemns|denounces] {COUNTRY2_ADJ} strikes on its soil",
            "[Clashes|Fighting] [erupt|flare] in {REGION} [province|region] [as|after] talks stall",
            "{GROUP_SHORT} vows revenge after [airstrikes|raids] [near|on] {CITY}",
        ],
        "LEDE": [
            "{GROUP} [attacked|struck|shelled|fired rockets at] [a base|an outpost|a compound] "
            "housing {FORCE} [near|outside|north of] {CITY} on {DAY}, [killing|leaving dead] "
            "{N_KILLED} [people|soldiers] and [wounding|injuring] {N_WOUNDED} [others|more], "
            "[officials said|according to {SRC}].",
            "{FORCE} [carried out|launched|conducted] [airstrikes|raids|artillery strikes] "
            "[against|on] [positions|sites|depots] [used by|linked to] {GROUP} [near|along] the "
            "{COUNTRY}-{COUNTRY2} border [early|late] on {DAY}, {SRC} said.",
            "{COUNTRY} [condemned|denounced] {COUNTRY2_ADJ} [strikes|airstrikes|raids] on its "
            "[soil|territory] [on|early on] {DAY}, [calling|describing] [them|the attack] as a "
            '"[blatant|flagrant|grave]" violation of [national|its] sovereignty.',
            "[At least|More than|Nearly] {N_KILLED} people were killed [when|after] [rockets|"
            "drones|mortar rounds] [hit|slammed into|struck] [a market|a residential district|"
            "a bus station] in {CITY} on {DAY}, {SRC} said.",
            "[Heavy|Fierce|Renewed] fighting [broke out|erupted|flared] [between|pitting] "
            "{FORCE} [and|against] {GROUP} [in|around] {REGION} province on {DAY}, "
            "[forcing|driving] [hundreds|thousands] of [families|residents] from their homes.",
        ],
        "CLAIM": [
            "[multiple|several|at least {N_SMALL}] [rockets|mortar rounds|drones] had "
            "[targeted|struck|landed near] [a facility|a base|an outpost] housing {FORCE} "
            "[near|outside|south of] {CITY}",
            "no [casualties|injuries|deaths] were [reported|recorded] [at the base|among the "
            "troops|in the first attack]",
            "{FORCE} [responded|returned fire] [in self-defense|within minutes|overnight] with "
            "[artillery fire|airstrikes|counter-battery fire] [targeting|aimed at] [positions|"
            "launch sites|hideouts] [used by|linked to] {GROUP}",
            "{N_KILLED} [fighters|militiamen|members of {GROUP}] were killed [in the strikes|"
            "in the raid|overnight] and {N_WOUNDED} [others|more] were [wounded|hurt]",
            "the [strikes|raids|operations] hit [{N_SMALL}|several] [weapons depots|storage "
            "sites|command posts|training camps] [along|near] the {COUNTRY}-{COUNTRY2} border",
            "{GROUP} had [carried out|launched|claimed] [at least|more than|nearly] {N_MED} "
            "attacks [on|against] [foreign|government|coalition] [troops|positions|convoys] "
            "since {MONTH}",
            "[a|the] [convoy|patrol|supply column] was [ambushed|hit by a roadside bomb|fired "
            "upon] [on the road|on a highway|on a desert track] between {CITY} and {CITY2}",
            "[civilians|residents|families] [fled|were evacuated from|abandoned] [villages|"
            "neighborhoods|farms] [around|near|east of] {CITY} [as|after] the [shelling|"
            "fighting|bombardment] [intensified|spread|resumed]",
            "[drones|aircraft|helicopters] were [seen|heard|spotted] [circling|flying low] over "
            "{CITY2} [before dawn|around {TIME}|late in the evening]",
            "the [attack|strike|bombardment] [began|started] [around|shortly after|just before] "
            "{TIME} and [lasted|continued for] [about|nearly|more than] {N_HOURS} hours",
            "the [ceasefire|truce] [brokered|agreed] in {MONTH} [had largely held|had been "
            "repeatedly violated|had begun to fray] [along the front line|in {REGION} province]",
            "{FORCE} [have|had] [about|roughly|some] {N_BIG} [troops|soldiers|personnel] "
            "[stationed|deployed] in {COUNTRY} [as part of a training mission|under a "
            "security agreement|at the invitation of the government]",
            "[two|three|several] [buildings|homes|vehicles] were [destroyed|damaged|set ablaze] "
            "and [a school|a clinic|a market|a warehouse] [nearby|down the street] was "
            "[also damaged|hit by shrapnel]",
            "[investigators|military engineers|officials] were [still assessing|examining|"
            "reviewing] [the damage|debris from the rockets|video of the attack]",
            "[video|footage] of the [assault|strike|attack] was [shared|posted|circulated] on "
            "[social media channels|messaging apps|websites] [used by|linked to] {GROUP}",
            "the [group|militia|faction] had [sworn|vowed|threatened] [revenge|to retaliate] "
            "[for|over|after] the [deaths|killing] of [its fighters|{N_SMALL} members|a senior "
            "commander]",
            "[no one|no group] had [claimed responsibility|taken responsibility] for the "
            "[attack|rocket fire|drone strike] [by {TIME2}|as of {DAY}|so far]",
            "the [interior|defense] ministry [imposed|declared|ordered] a [curfew|state of "
            "emergency|security lockdown] in {CITY} [until further notice|for {N_HOURS} hours]",
            "{N_WOUNDED} [people|civilians] were [treated|being treated] [at|in] [hospitals|a "
            "field clinic] in {CITY2}, [according to|said] the {COUNTRY_ADJ} Relief Society",
            "the [strike|attack|incident] was the [second|third|latest] [of its kind|exchange of "
            "fire] [this month|in {N_SMALL} weeks|since {MONTH}]",
        ],
        "BACK": [
            "{COUNTRY} has [struggled|tried] for [years|decades|much of the past decade] to "
            "[rein in|disarm|absorb] [armed groups|militias|paramilitary factions] [loyal to|"
            "backed by] [rival|foreign|regional] [patrons|powers|commanders].",
            "[Tensions|Relations] between {COUNTRY} and {COUNTRY2} have [worsened|deteriorated|"
            "frayed] since a [border dispute|failed peace deal|disputed election] {N_YEARS} "
            "years ago.",
            "{GROUP} [emerged|was formed|first appeared] [in|around] {REGION} province [during|"
            "after] the [civil war|uprising|insurgency] and [now|today] [controls|holds|"
            "patrols] [several|a string of|dozens of] [towns|villages|checkpoints].",
            "[Analysts|Diplomats|Military officials] [warn|have warned|say] that [a further|"
            "another|any new] [escalation|round of strikes] could [draw in|destabilize|inflame] "
            "[neighboring states|the wider region|the border provinces].",
            "[The|A] [peace talks|negotiations|mediation effort] [hosted|led|sponsored] by "
            "{COUNTRY3} [stalled|collapsed|were suspended] in {MONTH} [over|amid disputes over] "
            "[prisoner exchanges|the withdrawal of troops|control of {CITY2}].",
        ],
        "QUOTE": [
            "We will [respond|act] [decisively|firmly|with full force] to [any|every] [attack|"
            "threat] on our [forces|personnel|people]",
            "[These|Such] [attacks|provocations] [will not go unanswered|only deepen the crisis|"
            "put innocent lives at risk]",
            "Our [troops|soldiers|forces] [acted|responded] [in self-defense|lawfully|with "
            "restraint] and we [reserve|retain] the right to [respond further|take further "
            "action|defend ourselves]",
            "The people of {CITY} [deserve|need|want] [peace|security|to sleep without fear], "
            "not [more|another round of] [rockets|violence|bloodshed]",
            "We [call on|urge|ask] all sides to [show restraint|avoid escalation|return to talks] "
            "[immediately|before it is too late|and protect civilians]",
            "[Nobody|No one] [wants|is looking for] a [wider war|bigger conflict], but [we "
            "cannot|we will not] [stand by|stay silent|ignore this]",
            "[This|It] is a [blatant|clear|flagrant] violation of [our sovereignty|international "
            "law|the ceasefire]",
            "We [heard|saw] [the explosions|the rockets|the drones] [around|just after] {TIME} "
            "and [ran|hid|took cover] [in the basement|with our children|with the neighbors]",
        ],
        "UPD": [
            "the death toll [rose|climbed|had risen] to {N_KILLED2} [by {TIME2}|late on {DAY}|"
            "overnight], [according to|said] {SRC}",
            "[rescue workers|medics|civil defense teams] [pulled|recovered] [more bodies|"
            "{N_SMALL} more survivors] from the [rubble|wreckage] [on|late on] {DAY}",
            "{COUNTRY3} [offered|proposed] to [mediate|host talks] [between|among] the "
            "[parties|sides] [within days|as early as next week]",
        ],
        "SRC": [
            "{ORG_MIL}",
            "the {COUNTRY_ADJ} defense ministry",
            "a security source",
            "state media",
            "two officials who spoke on condition of anonymity",
            "local officials",
        ],
    },
    "politics": {
        "HEAD": [
            "{COUNTRY} [parliament|lawmakers] [pass|approve|reject] [contested|disputed] "
            "{BILL_SHORT}",
            "{PARTY} [wins|loses|clings to] [majority|power] in {COUNTRY} [vote|election]",
            "{COUNTRY_ADJ} coalition [wobbles|teeters|holds] as {PARTY2} [threatens|weighs] exit",
            "Thousands [rally|march|protest] in {CITY} against {BILL_SHORT}",
        ],
        "LEDE": [
            "[Lawmakers|Parliament] in {COUNTRY} [approved|passed|narrowly backed] {BILL} on "
            "{DAY} [after|following] [weeks|months] of [debate|wrangling|protests], [handing|"
            "giving] {PARTY} a [hard-won|narrow|symbolic] [victory|win].",
            "{PARTY} [won|secured|took] {N_SEATS} of the {N_TOTAL} seats in {PARLIAMENT} in "
            "{DAY2}'s election, [official results showed|the electoral commission said] on "
            "{DAY}, [short of|just shy of|well above] the [number|threshold] needed to govern "
            "alone.",
            "[Tens of thousands|Thousands|Hundreds] of [protesters|demonstrators|people] "
            "[marched|rallied|gathered] in {CITY} on {DAY} [against|to oppose] {BILL}, "
            "[blocking|filling|jamming] [streets|squares|avenues] [near|around] {PARLIAMENT}.",
            "{COUNTRY_ADJ} [coalition|government] [talks|negotiations] [broke down|collapsed|"
            "stalled] on {DAY} [after|when] {PARTY2} [walked out|rejected a compromise|refused "
            "to back] [over|on] [the budget|cabinet posts|electoral reform].",
        ],
        "CLAIM": [
            "lawmakers [voted|approved the measure] {N_FOR} to {N_AGAINST} [after|following] "
            "[a marathon debate|hours of debate|a heated session] that [ran|stretched] [past "
            "midnight|into the early hours|until {TIME}]",
            "the [bill|measure|proposal] would [raise|cut|freeze] [fuel subsidies|the minimum "
            "wage|public sector pay|income taxes] by {PCT} over {N_YEARS} years",
            "{PARTY} [holds|controls] {N_SEATS} of the {N_TOTAL} seats in {PARLIAMENT}",
            "the [coalition|government|cabinet] [could|may|might] [collapse|lose its majority|"
            "face a confidence vote] [if|unless] {PARTY2} [withdraws its support|abstains|"
            "votes against the budget]",
            "[opposition|protest] leaders [called for|announced|organized] [rallies|a general "
            "strike|a march] in {CITY} [over the weekend|next {DAY2}|later this month]",
            "[an|the] [election|referendum|snap vote] [is scheduled|is expected|was called] for "
            "{MONTH} [after|amid|despite] [months of deadlock|a string of resignations|"
            "falling approval ratings]",
            "[turnout|participation] was [about|around|just under] {PCT_PLAIN}, [down from|"
            "compared with|up from] {PCT_PLAIN} in the [previous|last] [vote|election]",
            "the [draft|proposed] [constitution|budget|law] [includes|contains|sets out] "
            "[provisions|measures|rules] [on|for] [term limits|press freedom|regional autonomy|"
            "campaign financing]",
            "[several|{N_SMALL}] [ministers|lawmakers|senior officials] [resigned|were "
            "dismissed|stepped down] [in protest|over the scandal|after the vote]",
            "[talks|negotiations] between the [parties|coalition partners] [broke down|stalled|"
            "resumed] [on|late on] {DAY} [over|amid a dispute over] [the budget|cabinet posts|"
            "the electoral law]",
            "the [president|prime minister] [is expected to|plans to|will] [sign|veto|review] "
            "the [bill|measure] [within days|by the end of the month|next week]",
            "[polls|surveys|a recent poll] [show|showed] {PARTY} [leading|trailing|neck and "
            "neck] with [about|roughly|nearly] {PCT_PLAIN} of [support|the vote]",
            "{PARTY2} [had|has] [demanded|insisted on|pushed for] [the resignation of the "
            "finance minister|an early election|changes to the bill] [as a condition|in "
            "exchange] for its [support|votes]",
            "the [vote|result|outcome] [followed|came after] a [bitter|divisive|tense] "
            "[campaign|debate] [dominated by|focused on|marked by] [inflation|corruption "
            "allegations|migration|energy prices]",
            "[police|security forces] [used|fired] [tear gas|water cannon|rubber bullets] to "
            "[disperse|break up|push back] [crowds|protesters] [outside|near] {PARLIAMENT}",
        ],
        "BACK": [
            "{COUNTRY} has had {N_SMALL} [prime ministers|governments|coalitions] in "
            "{N_YEARS} years, [a record of|reflecting|underscoring] [deep|chronic|persistent] "
            "[political instability|divisions|fragmentation].",
            "{PARTY} [came to power|rose to prominence|was founded] [on|with] a [promise|pledge|"
            "platform] to [fight corruption|cut taxes|reform the civil service|revive the "
            "economy].",
            "[Inflation|Unemployment|Public debt] in {COUNTRY} [reached|hit|climbed to] "
            "{PCT_PLAIN} [last year|in {MONTH}|earlier this year], [fueling|stoking|feeding] "
            "[public anger|discontent|frustration] with the [government|political class].",
            "[The|A] [previous|last] [government|cabinet] [collapsed|fell|resigned] in {MONTH} "
            "[amid|after|over] [a corruption scandal|a budget dispute|mass protests].",
        ],
        "QUOTE": [
            "[This|Today] is a [victory|win|good day] for [ordinary people|every citizen|"
            "democracy] [in {COUNTRY}|across the country|and for the rule of law]",
            "We [will not|cannot] [support|accept|back] a [budget|law|deal] that [punishes|"
            "hurts|ignores] [working families|pensioners|young people]",
            "The [government|coalition] has [lost|squandered|betrayed] the [trust|confidence|"
            "mandate] of [voters|the people|parliament]",
            "[Our door|The door] [remains|is still] open to [talks|dialogue|compromise], but "
            "[time|patience] is [running out|short|limited]",
            "[Voters|People|Citizens] [sent|gave] [a clear|an unmistakable|a strong] [message|"
            "signal] [today|this week|at the ballot box]",
            "[We|I] [will|intend to] [keep|honor|fulfill] [every|each] promise [we|I] made "
            "[during the campaign|to the voters|in {CITY}]",
        ],
        "UPD": [
            "{PARTY2} [announced|said] late on {DAY} that it would [back|abstain on|oppose] "
            "the [measure|bill] in a [second|final] reading",
            "[final|official|updated] results [showed|put] turnout at {PCT_PLAIN}",
        ],
        "SRC": [
            "the electoral commission",
            "{PARTY}",
            "state television",
            "parliamentary officials",
            "a senior government official",
        ],
    },
    "business": {
        "HEAD": [
            "{COMPANY_SHORT} [profit|earnings|revenue] [beats|misses|tops] [forecasts|"
            "estimates] as {PRODUCT} demand [slows|rebounds|surges]",
            "{COMPANY_SHORT} to [cut|shed] {N_JOBS} jobs [amid|after] [falling|weak] sales",
            "{COMPANY_SHORT} [agrees|moves] to buy {COMPANY2_SHORT} for {MONEY_B}",
            "{COMPANY_SHORT} shares [jump|slide|tumble] after [outlook|guidance] [raise|cut]",
        ],
        "LEDE": [
            "{COMPANY} [reported|posted] [a|] [higher-than-expected|weaker-than-expected|"
            "surprise] [quarterly|third-quarter|half-year] [profit|loss] on {DAY}, as "
            "[demand|sales|orders] for its {PRODUCT} [slowed|rebounded|held up] in "
            "[{COUNTRY}|overseas markets|its home market].",
            "{COMPANY} said on {DAY} it would [cut|eliminate|shed] [about|some|roughly] "
            "{N_JOBS} jobs [and close|and shut|while closing] [{N_SMALL} plants|its {CITY} "
            "factory|several warehouses] [to save|in a bid to save] {MONEY_M} a year.",
            "{COMPANY} [agreed to buy|will acquire|is buying] {COMPANY2} [for|in a deal valued "
            "at] {MONEY_B}, [creating|forming|building] [one of the largest makers|a "
            "leading supplier|a major producer] of {PRODUCT} in [{COUNTRY}|the region].",
        ],
        "CLAIM": [
            "{COMPANY_SHORT} [reported|posted] [quarterly|third-quarter|annual] [revenue|sales] "
            "of {MONEY_B}, [up|down] {PCT} from a year earlier",
            "net [profit|income] [rose|fell|jumped|slipped] to {MONEY_M} from {MONEY_M} [in the "
            "same period last year|a year ago]",
            "the company [plans to|will|intends to] [cut|eliminate|shed] [about|some|roughly] "
            "{N_JOBS} jobs [by the end of the year|before {MONTH}|over the next {N_SMALL} years]",
            "[shares|the stock] of {COMPANY_SHORT} [rose|fell|climbed|dropped] {PCT} [in early "
            "trading|in morning trade|after the announcement] on the {EXCHANGE}",
            "[analysts|investors] had [expected|forecast|been looking for] [earnings|revenue|"
            "profit] of {MONEY_M}, [according to|based on] [estimates compiled by|a poll by] "
            "{DATA_FIRM}",
            "[demand|sales|orders] for [its|the company's] {PRODUCT} [slowed|picked up|surged|"
            "weakened] in [{COUNTRY2}|the domestic market|overseas markets|the second half]",
            "{COMPANY_SHORT} [raised|lowered|kept] its [full-year|annual] [forecast|outlook|"
            "guidance] [to|at] {MONEY_B} in [revenue|sales]",
            "[rising|higher|falling] [input|energy|labor|shipping] costs [squeezed|weighed on|"
            "helped] [margins|profitability] [during the quarter|in the period]",
            "the company would [buy back|repurchase] up to {MONEY_M} [of its shares|in stock] "
            "over the next {N_SMALL} [months|quarters]",
            "[the|its] [retail|consumer|industrial|export] [division|unit|business] "
            "[accounted for|generated|made up] {PCT_PLAIN} of [total|overall|group] [revenue|"
            "sales]",
            "[the|a] [strike|shutdown|fire] at [its|the] {CITY} [plant|factory|warehouse] "
            "[cost|shaved] [about|roughly] {MONEY_M} [off|from] [quarterly|operating] "
            "[profit|earnings]",
            "{COMPANY_SHORT} [employs|has] [about|roughly|more than] {N_BIG} [people|workers|"
            "staff] in {N_SMALL} countries",
            "the [deal|acquisition|merger] [still needs|requires|is subject to] [approval|"
            "clearance|sign-off] from [regulators|shareholders|competition authorities] in "
            "{COUNTRY}",
            "[inventories|stockpiles|unsold goods] [piled up|rose|swelled] to {MONEY_M} [at the "
            "end of|by] {MONTH}",
        ],
        "BACK": [
            "{COMPANY_SHORT}, [founded|set up|started] in {CITY} {N_MED} years ago, [has "
            "expanded|has grown|has diversified] [into|across] [{N_SMALL} markets|the region|"
            "services and software].",
            "[Its|The company's] [rivals|competitors|peers], [including|among them] "
            "{COMPANY2_SHORT}, have [also|likewise|similarly] [warned|reported|flagged] "
            "[slowing|weaker|softer] [demand|orders] [this year|in recent months].",
            "[Central banks|Policymakers|Lenders] in {COUNTRY} have [raised|lifted|held] "
            "interest rates [several times|sharply|steady] [since|over] {MONTH}, "
            "[cooling|weighing on|squeezing] [consumer spending|investment|borrowing].",
        ],
        "QUOTE": [
            "[We|The team] [delivered|posted|achieved] [solid|strong|resilient] [results|"
            "growth|margins] [despite|in spite of|amid] a [tough|challenging|volatile] "
            "[market|environment|quarter]",
            "[These|The] [cuts|changes|decisions] are [painful|difficult|necessary] but "
            "[essential|needed|unavoidable] [to protect|to secure|for] [the company's future|"
            "jobs in the long run|our competitiveness]",
            "[The|This] [deal|acquisition|merger] [gives us|brings us|creates] [scale|reach|"
            "a platform] [we could not build|we lacked|that would take years to build] "
            "[alone|on our own|organically]",
            "[Investors|Shareholders|Analysts] [will want to see|are looking for|want] "
            "[proof|evidence|signs] that [margins|demand|sales] [can recover|have bottomed "
            "out|will hold up]",
            "[I|We] [expect|see|anticipate] [a|some] [recovery|pickup|rebound] in [the second "
            "half|{MONTH}|next year], but [visibility|the outlook] [remains|is] [limited|"
            "cloudy|uncertain]",
        ],
        "UPD": [
            "[shares|the stock] [closed|ended the day|finished] {PCT} [higher|lower] at {PRICE}",
            "{COMPANY_SHORT} [scheduled|will hold] a [call|briefing] with [analysts|investors] "
            "[on|for] {DAY2}",
        ],
        "SRC": [
            "{COMPANY_SHORT}",
            "a company filing",
            "{DATA_FIRM} data",
            "people familiar with the matter",
            "a statement from {COMPANY_SHORT}",
        ],
    },
    "disaster": {
        "HEAD": [
            "{STORM} [slams|lashes|batters] {COUNTRY} coast, [killing {N_DEAD}|leaving "
            "{N_DEAD} dead]",
            "[Floods|Landslides|Storm surge] [force|forces] {N_EVAC} to flee in {REGION} province",
            "[Power|Water] [outages|shortages] [persist|spread] in {CITY} after {STORM}",
        ],
        "LEDE": [
            "{STORM} [slammed into|made landfall on|swept across] the {COUNTRY_ADJ} coast [near|"
            "just south of] {CITY} on {DAY} with winds of up to {N_WIND} miles per hour, "
            "killing [at least |]{N_DEAD} people and [cutting power to|knocking "
            "out electricity for] [thousands|tens of thousands] of homes.",
            "[Flash floods|Heavy floods|Rising rivers] [swept through|inundated|submerged] "
            "[villages|towns|farmland] in {REGION} province on {DAY} [after|following] "
            "{N_SMALL} days of [torrential|relentless|heavy] rain, forcing [about|more than] "
            "{N_EVAC} people from their homes.",
            "[Landslides|Mudslides] [triggered|set off] by {STORM} [buried|swept away|"
            "destroyed] [at least |]{N_HOMES} homes [in|around] [hillside villages|the "
            "outskirts of|farming towns near] {CITY} on {DAY}, [officials said|{SRC} said].",
        ],
        "CLAIM": [
            "[more than|about|nearly] {N_EVAC} people [were evacuated|had fled|were moved] to "
            "[shelters|schools|gymnasiums] [across|in] {REGION} province",
            "[rainfall|rain] [totals|amounts] [reached|exceeded|topped] {N_RAIN} inches [in "
            "some areas|along the coast|in the hills above {CITY2}]",
            "[rescue crews|emergency teams|soldiers] [used|deployed] [boats|helicopters|"
            "bulldozers] to [reach|evacuate|search for] [residents|families|people] [trapped|"
            "stranded] [on rooftops|in cars|in flooded homes]",
            "[power|electricity] [was|remained] [out|cut] for [about|roughly|more than] "
            "{N_BIG} [homes|customers|households] [by {TIME2}|on {DAY}|overnight]",
            "the [death toll|number of dead] [stood at|rose to|reached] {N_DEAD}, with "
            "{N_MED} people [still missing|unaccounted for|reported missing]",
            "[roads|bridges|rail lines] [between|linking] {CITY} and {CITY2} were [washed out|"
            "closed|blocked by debris]",
            "[schools|government offices|airports] in {CITY} [would remain|will stay|were] "
            "closed [until|through] {DAY2}",
            "{WEATHER_AGENCY} [warned|forecast|said] that [more|further|heavy] [rain|storms|"
            "winds] [were expected|could hit] [over the next {N_SMALL} days|by {DAY2}]",
            "[about|more than|nearly] {N_HOMES} [homes|houses|buildings] were [damaged|"
            "destroyed|flooded] [in|across] {REGION} province",
            "[damage was|losses were] [estimated|put] at {MONEY_M} [by|according to] "
            "[insurers|local officials|the provincial government]",
            "[drinking water|fuel|food] [was|had become] [scarce|rationed|in short supply] "
            "in [parts of|neighborhoods around] {CITY}",
            "[crews|engineers] [were working|worked] [around the clock|through the night] to "
            "[restore power|clear roads|shore up levees] [near|in] {CITY2}",
        ],
        "BACK": [
            "{COUNTRY} is [hit|struck|battered] by [several|about {N_SMALL}|a handful of] "
            "[major storms|typhoons|floods] [each year|in a typical season].",
            "[Scientists|Climate researchers|Experts] [say|have warned] [that |][warmer "
            "oceans are making|climate change is making|rising temperatures are making] [such "
            "storms|extreme rainfall|floods] [more frequent|more intense|more destructive].",
            "[The|A] [similar|deadly|powerful] [storm|flood] in {MONTH} [killed|displaced] "
            "{N_MED} people [in|across] [the same province|the region|{REGION}].",
        ],
        "QUOTE": [
            "[The water|The wind|It] [came|rose] [so fast|in minutes|without warning] and "
            "[we|my family] [barely|only just] [got out|escaped|made it to the roof]",
            "[We|Crews] [are doing|will do] [everything we can|all we can] to [reach|help|"
            "rescue] [every|each] [family|person] [still|who is] [stranded|trapped]",
            "[Please|Residents should] [stay|remain] [indoors|off the roads|away from the "
            "river] [until|unless] [authorities|we] [say|tell you] it is safe",
            "[I|We] [lost|have lost] [everything|our house|the harvest], [every|all] "
            "[single thing|of it]",
            "[This|It] is the [worst|strongest|most severe] [storm|flooding|fire] [I have "
            "seen|we have had] in {N_MED} years",
        ],
        "UPD": [
            "the [death toll|number of dead] rose to {N_DEAD2} [by {TIME2}|late on {DAY}]",
            "[rescuers|searchers] found {N_SMALL} more [survivors|bodies] in {CITY2}",
        ],
        "SRC": [
            "{EMERGENCY_AGENCY}",
            "{WEATHER_AGENCY}",
            "the mayor's office",
            "provincial officials",
            "{RELIEF}",
        ],
    },
    "sports": {
        "HEAD": [
            "{TEAM1} [beat|edge|rout] {TEAM2} {SCORE} to [stay top|go top|keep title hopes alive]",
            "{PLAYER} [double|hat-trick|late goal] [lifts|sinks|rescues] {TEAM1}",
            "{TEAM2} [sack|part ways with|suspend] manager after {TEAM1} defeat",
        ],
        "LEDE": [
            "{PLAYER_FULL} [scored|netted|struck] [twice|a late winner|in stoppage time] as "
            "{TEAM1} [beat|edged|overcame] {TEAM2} {SCORE} at {STADIUM} on {DAY}, [moving|"
            "climbing|staying] [top of|within {N_SMALL} points of the top of] the {LEAGUE} "
            "[table|standings].",
            "{TEAM1} [came from behind|held on|survived a late scare] to [beat|defeat] {TEAM2} "
            "{SCORE} [in the {LEAGUE}|in front of {N_BIG} fans] on {DAY}, [extending|"
            "stretching] their unbeaten run to {N_TEENS} games.",
        ],
        "CLAIM": [
            "{PLAYER} [opened the scoring|put {TEAM1} ahead|broke the deadlock] in the "
            "{N_MIN}th minute [with a header|from the penalty spot|with a curling shot] [from "
            "the edge of the box|at the near post|after a corner]",
            "{TEAM2} [equalized|pulled one back|hit the post] [just before halftime|early in "
            "the second half|in the {N_MIN}th minute] through {PLAYER2}",
            "the [referee|officials] [sent off|showed a red card to|booked] {PLAYER2} [for a "
            "late tackle|for dissent|after a second yellow card]",
            "{TEAM1} [have|now have] {N_POINTS} points from {N_GAMES} [games|matches], "
            "[{N_SMALL} points clear of|level with|{N_SMALL} behind] {TEAM3}",
            "[a|the] [crowd|sellout crowd|attendance] of {N_BIG} [watched|saw|packed] "
            "{STADIUM} [for the match|on a cold night|in heavy rain]",
            "{PLAYER} [has|now has] {N_TEENS} [goals|league goals] [this season|in {N_GAMES} "
            "appearances], [the most|more than anyone] in the {LEAGUE}",
            "{TEAM2} [had|have] [lost|won|drawn] {N_SMALL} of their last {N_TEENS} "
            "[matches|games] [in all competitions|away from home]",
            "[the|a] [hamstring|knee|ankle] injury [ruled out|sidelined|forced off] {PLAYER2} "
            "[for|after] [the second half|{N_SMALL} weeks|the rest of the month]",
            "{TEAM1} [host|visit|face] {TEAM3} [on|next] {DAY2} [in the cup|in the league|in a "
            "derby]",
            "the [manager|coach] [made|rang] {N_SMALL} changes [at halftime|to the starting "
            "lineup|after the opening goal]",
        ],
        "BACK": [
            "{TEAM1} [last won|last lifted] the {LEAGUE} [title|trophy] {N_YEARS} years ago, "
            "[a drought|a long wait] that [fans|supporters] [are desperate|hope] to [end|see "
            "end].",
            "{TEAM2} [were promoted|spent heavily|changed managers] [last season|in the summer|"
            "in {MONTH}] [but have struggled|and have impressed|with mixed results] [so far|"
            "this term].",
        ],
        "QUOTE": [
            "[The lads|The players|We] [showed|had] [great|real] [character|spirit|belief] "
            "[today|tonight|out there]",
            "[We|I] [did not|didn't] [play|start] [well|our best] [in the first half|early "
            "on], but [the reaction|the response|the second half] was [excellent|superb|"
            "fantastic]",
            "[It is|It's] [only|just] {N_POINTS} points, [there is|there's] a [long way|lot "
            "of football] to go",
            "[I|We] [have to|need to] [look at|learn from|watch] [the|that] [goal|decision|"
            "performance] [again|carefully|on video]",
            "[The fans|Our supporters] [were|have been] [incredible|amazing|brilliant] [all "
            "season|tonight|from start to finish]",
        ],
        "UPD": [
            "{TEAM2} [said|confirmed] {PLAYER2} would [miss|be out for] the next {N_SMALL} games",
        ],
        "SRC": ["{TEAM1}", "the {LEAGUE}", "club officials", "{TEAM2}"],
    },
    "courts": {
        "HEAD": [
            "[Court|Judge] [convicts|acquits|sentences] [former|ex-] official {DEF} [in|on] "
            "{CHARGE} case",
            "{DEF} [pleads not guilty|denies charges|goes on trial] [over|in] {CHARGE} case",
        ],
        "LEDE": [
            "A court in {CITY} on {DAY} [convicted|found guilty|sentenced] {DEF_FULL} a "
            "[former|onetime] [deputy minister|mayor of {CITY2}|executive at {COMPANY_SHORT}], "
            "of {CHARGE}, [ending|capping] a [trial|case] that [lasted|ran for] {N_SMALL} "
            "months.",
            "{DEF_FULL} [pleaded not guilty|denied wrongdoing] on {DAY} to {N_SMALL} "
            "counts of {CHARGE} [at|in] the {COURT}, [a day after|days after|hours after] "
            "[his|being] [arrest|indictment|extradition].",
        ],
        "CLAIM": [
            "{DEF} [faces|could face] up to {N_YEARS} years in prison [if convicted|on each count]",
            "[prosecutors|the prosecution] [accused {DEF} of|said {DEF} had been] [diverting|"
            "siphoning off|hiding] {MONEY_M} [through|via] [shell companies|offshore accounts|"
            "fake invoices]",
            "the [judge|court] [set|ordered|denied] bail [at|of] {MONEY_M} [and ordered|and "
            "required] {DEF} to [surrender|hand over] [a passport|travel documents]",
            "[the|a] [jury|panel of judges] [deliberated|met] for {N_SMALL} [days|hours] "
            "[before|prior to] [reaching|returning] a verdict",
            "{DEF} was [sentenced to|given] {N_SMALL} years in prison and [fined|ordered "
            "to pay] {MONEY_M}",
            "[defense lawyers|{DEF}'s lawyers] [said|argued] [the evidence was|the case was|"
            "the charges were] [politically motivated|circumstantial|fabricated]",
            "{N_MED} [witnesses|people] [testified|gave evidence] [during|over the course of] "
            "the [trial|hearings]",
            "the [case|investigation] [began|started|was opened] in {MONTH} [after|when] "
            "[auditors|a whistleblower|journalists] [flagged|exposed|reported] [irregularities|"
            "suspicious payments|missing funds]",
            "[an|the] appeal [is expected|would be filed|could be heard] [within|in] "
            "{N_SMALL} [weeks|months]",
            "{N_SMALL} [co-defendants|associates|former aides] were [also|] [convicted|"
            "acquitted|charged] [in the same case|alongside {DEF}]",
        ],
        "BACK": [
            "{DEF} [served|worked] [as|for] [{N_SMALL} years as|several years as] [a deputy "
            "minister|head of the state port authority|a senior executive] [before|until] "
            "[resigning|being dismissed|stepping down] in {MONTH}.",
            "[Anti-corruption|Rights] [groups|campaigners] [have long|have repeatedly] "
            "[accused|criticized] [courts|prosecutors] in {COUNTRY} of [selective|slow|"
            "politically driven] [justice|prosecutions].",
        ],
        "QUOTE": [
            "[Nobody|No one] is above the law, [no matter|regardless of] [their rank|how "
            "powerful they are|who they know]",
            "[My client|He|We] [will|intend to] [appeal|fight this|contest the verdict] "
            "[all the way|to the highest court|immediately]",
            "[The|This] [verdict|ruling|decision] [sends|is] a [strong|clear|important] "
            "[message|signal] [to|for] [public officials|anyone tempted by bribes|the country]",
            "[The|This] [trial|case] was [unfair|flawed|a sham] from [the start|day one|the "
            "beginning]",
        ],
        "UPD": [
            "{DEF}'s lawyers [filed|lodged] [an appeal|a motion for retrial] late on {DAY}",
        ],
        "SRC": ["court documents", "the prosecutor's office", "the {COURT}", "a court clerk"],
    },
    "health": {
        "HEAD": [
            "{COUNTRY} [reports|confirms] [surge|rise|spike] in {DISEASE} cases",
            "[Outbreak|Cases] of {DISEASE} [spreads|spread] to {REGION} province",
            "{HEALTH_AGENCY} [launches|expands|steps up] vaccination [drive|campaign]",
        ],
        "LEDE": [
            "[Health officials|Authorities] in {COUNTRY} [reported|confirmed|recorded] {N_CASES} "
            "new cases of {DISEASE} on {DAY}, [the highest|the largest|a record] [daily|"
            "weekly] [tally|count] [since|in] [the outbreak began|{N_YEARS} years].",
            "{HEALTH_AGENCY} [launched|began|started] a [vaccination|mass vaccination] [drive|"
            "campaign] [in|across] {REGION} province on {DAY} [after|as] [an outbreak|a "
            "cluster] of {DISEASE} [killed|sickened] {N_DEATHS} [people|children].",
        ],
        "CLAIM": [
            "[hospitals|clinics|wards] in {CITY} [were|are] [operating|running] at "
            "{PCT_PLAIN} of capacity",
            "[most|many|about half] of the [cases|patients|deaths] [were|involved] "
            "[children under five|people over 65|unvaccinated adults]",
            "{N_CASES} [cases|infections] had been [confirmed|recorded] [since|as of] "
            "{MONTH}, [including|with] {N_DEATHS} deaths",
            "[vaccination|immunization] [rates|coverage] in {REGION} province [fell|dropped|"
            "stood] [to|at] {PCT_PLAIN} [last year|during the pandemic|in {MONTH}]",
            "[teams|health workers|volunteers] [went|were going] door to door [in|across] "
            "{N_SMALL} [districts|villages|towns] [to|in order to] [vaccinate|screen|trace] "
            "[children|residents|contacts]",
            "[contaminated water was|unsafe wells were|contaminated food was] "
            "[suspected|believed] to be the [source|cause] of the [outbreak|infections]",
            "{HOSPITAL} [opened|set up|added] {N_MED} [extra beds|isolation rooms|tents] "
            "[on|by] {DAY}",
            "[the|a] [government|ministry] [allocated|released|pledged] {MONEY_M} [to|for] "
            "[buy vaccines|hire nurses|the response]",
            "[symptoms|signs] [include|typically include] [fever|a rash|diarrhea] and "
            "[fatigue|vomiting|a cough]",
            "[a|the] shipment of {N_BIG} [doses|test kits|treatment courses] [arrived|was "
            "delivered|landed] in {CITY} [on|late on] {DAY}",
        ],
        "BACK": [
            "{DISEASE} [spreads|can spread] [easily|quickly|rapidly] [in crowded housing|in "
            "poorly ventilated rooms|where sanitation is poor|among unvaccinated children].",
            "[Health|Aid] [experts|agencies] [had warned|have long warned] that [gaps in|"
            "falling|patchy] [vaccination|sanitation|funding] [left|put] [millions|many "
            "children|rural areas] at risk.",
        ],
        "QUOTE": [
            "[We|Our staff] [are|have been] [working|on duty] [around the clock|without a "
            "break|day and night] [for|over] [days|weeks|{N_SMALL} weeks]",
            "[Parents|Families|People] [should|must] [make sure|check] [their children|"
            "everyone] [are|is] [vaccinated|up to date] [as soon as possible|immediately]",
            "[The|This] outbreak [is|remains] [under control|serious|a concern], but "
            "[we|the ministry] [cannot|must not] [let our guard down|be complacent]",
            "[We|I] [need|are asking for] [more nurses|urgent supplies|more funding] [now|"
            "this week|before it spreads]",
        ],
        "UPD": [
            "the [number of|tally of] [cases|infections] [rose|climbed] to {N_CASES2} [by|"
            "on] {DAY}",
        ],
        "SRC": ["{HEALTH_AGENCY}", "the health ministry", "hospital officials", "{HOSPITAL}"],
    },
    "technology": {
        "HEAD": [
            "{TECHCO_SHORT} [says|confirms] [hackers|attackers] [stole|accessed] data of "
            "{N_USERS_TXT} users",
            "{REGULATOR} [fines|probes|warns] {TECHCO_SHORT} over {PRODUCT_T}",
            "{TECHCO_SHORT} [unveils|launches|delays] new {PRODUCT_T}",
        ],
        "LEDE": [
            "{TECHCO} said on {DAY} that [hackers|attackers|an intruder] had [accessed|"
            "stolen|copied] [personal data|email addresses and phone numbers|account details] "
            "of [about|roughly|up to] {N_USERS_TXT} users of its {PRODUCT_T}, [the latest|one "
            "of the largest] [breaches|data leaks] [this year|in {COUNTRY}].",
            "{REGULATOR} [fined|ordered|opened an investigation into] {TECHCO} [on|late on] "
            "{DAY} [over|for] [the way|how] its {PRODUCT_T} [handles|collects|shares] "
            "[user data|personal information|location data].",
            "{TECHCO} [unveiled|launched|introduced] a new {PRODUCT_T} on {DAY}, [betting|"
            "hoping] [it|the product] [can|will] [win back|attract|lure] [users|customers] "
            "from [rivals|{TECHCO2_SHORT}|larger competitors].",
        ],
        "CLAIM": [
            "the [breach|intrusion|attack] was [discovered|detected|spotted] [on|in early] "
            "{MONTH} [but|and] [disclosed|made public|reported] [only|just] [on|this] {DAY}",
            "[no passwords were|no payment details were|no financial information was|"
            "passwords did not appear to be] [exposed|taken|compromised]",
            "{REGULATOR} [could|may] [impose|levy|seek] [fines|penalties] of up to {PCT_PLAIN} "
            "of [annual|global] [revenue|turnover]",
            "the {PRODUCT_T} [has|counts|reported] [about|more than|nearly] {N_USERS_TXT} "
            "[monthly|active|registered] users",
            "[engineers|the company] [patched|fixed|closed] the [flaw|vulnerability|bug] "
            "[within|after] {N_SMALL} [days|hours]",
            "[users|customers] [were|would be] [notified|told|asked] to [reset|change] "
            "[their passwords|their login details] [by email|in the app]",
            "[the|its] new {PRODUCT_T} [will|would] [cost|sell for|start at] {PRICE} [and "
            "go on sale|and ship|when it launches] in {MONTH}",
            "{TECHCO_SHORT} [spent|invested] {MONEY_B} on [research|data centers|chip "
            "design] [last year|in {MONTH}|over {N_SMALL} years]",
            "[security researchers|analysts|independent experts] [said|believed] the "
            "[attack|campaign] [was|appeared to be] [linked to|the work of] [a criminal "
            "gang|a known ransomware group|state-backed hackers]",
            "[rival|competing] [services|products] from {TECHCO2_SHORT} [already offer|have "
            "long offered|include] [similar|comparable] [features|tools]",
        ],
        "BACK": [
            "{TECHCO_SHORT}, [based|headquartered] in {CITY}, [has grown|has expanded] "
            "[rapidly|quickly] [since|after] [its founding|going public] {N_YEARS} years ago.",
            "[Regulators|Lawmakers] in {COUNTRY} [have|had] [tightened|stepped up|"
            "strengthened] [rules|scrutiny|enforcement] [on|of] [data protection|online "
            "platforms|big tech] [since|after] [a string of|several] [leaks|scandals] "
            "[last year|in {MONTH}].",
        ],
        "QUOTE": [
            "[We|The company] [take|takes] the [security|privacy|protection] of [our users|"
            "customer data] [extremely seriously|very seriously|seriously]",
            "[This|The breach] [should|must] [be|serve as] a [wake-up call|warning] "
            "[for|to] [the industry|every company|regulators]",
            "[People|Users] [trusted|entrusted] [them|this company] with [their data|their "
            "information|personal details], and [that trust|it] was [broken|betrayed|misused]",
            "[We|Our engineers] [built|designed] [this|the product] [from scratch|over "
            "{N_SMALL} years] [with|around] [privacy|speed|simplicity] [in mind|at its core]",
        ],
        "UPD": [
            "{TECHCO_SHORT} [shares|stock] [fell|dropped|slid] {PCT} [in|during] "
            "[afternoon|late] trading",
        ],
        "SRC": ["{TECHCO_SHORT}", "{REGULATOR}", "a company blog post", "{SECFIRM}"],
    },
}

# More templates, kept apart from the first pass for readability. Wide pools keep unrelated
# stories on one topic apart (few shared 5-word sequences).
_GENERIC_MORE: dict[str, list[str]] = {
    "CLAIM_GEN": [
        "[officials|authorities] in {CITY} [planned|were preparing|promised] to [release|"
        "publish|issue] [a fuller account|more details|a detailed report] [by|on|before] {DAY2}",
        "{ORG1} [had set up|has convened|appointed] a [committee|task force|working group] to "
        "[review|examine|look into] [what happened|the events of {DAY}|the matter]",
        "[a|the] [meeting|briefing|session] [scheduled|planned] for {DAY2} [was postponed|had "
        "been moved up|would go ahead as planned]",
        "[an inquiry|a review|an audit|the investigation] [could|would] take [weeks|months|"
        "until {MONTH}] [to complete|before any findings are published]",
        "[camera crews|journalists|onlookers] were [kept|held] [back|away] [behind|from] [a "
        "police cordon|the main gate|barriers] for [several hours|most of the day]",
        "[lawmakers|council members|local leaders] in {CITY2} [demanded|called for|requested] "
        "[an explanation|a full briefing|an independent investigation]",
        "[a|the] [hotline|help desk|information center] [had been|was] [set up|opened] for "
        "[families|residents|anyone affected] in {CITY}",
        "[neighboring|nearby] [countries|provinces|municipalities] [offered|sent|pledged] "
        "[help|assistance|support] [on|by|late on] {DAY}",
        "[markets|businesses|shops] in [central|parts of|the old quarter of] {CITY} "
        "[stayed|remained] [shut|closed] [on|through] {DAY}",
        "[witnesses|residents|passers-by] [described|recounted] [scenes of chaos|long queues|"
        "confusion and anger] [outside|near|around] [government buildings|the city hall|"
        "the main square] in {CITY2}",
        "[a|the] [final|full] [report|assessment|tally] [was not expected|would not be ready] "
        "[until|before] {MONTH}",
        "{COUNTRY} [has|had] [promised|pledged|offered] to [share|publish] [its findings|the "
        "data|a timeline] with [the public|its partners|international observers]",
        "[the|a] [second|follow-up|closed-door] [session|round of talks|hearing] was "
        "[set|pencilled in|tentatively scheduled] for {DAY2}",
        "[dozens|scores|a handful] of [people|protesters|supporters] [gathered|waited|stood] "
        "[outside|in front of] [the ministry|the building|the headquarters] [on|throughout|"
        "late on] {DAY}",
        "[the|an] [earlier|initial|first] [estimate|figure|account] [had been|was] [revised|"
        "corrected|updated] [upward|downward|twice] [overnight|by {TIME2}|on {DAY}]",
        "[a|one] [senior|junior|former] [official|adviser|aide] [quit|resigned|stepped aside] "
        "[over|amid|after] [the handling of the affair|criticism of the response|the "
        "controversy]",
        "[the|its] [website|hotline|phone lines] [crashed|went down|was overwhelmed] "
        "[for|during] [about|nearly|more than] {N_HOURS} hours [as|when] [demand|traffic|"
        "inquiries] [spiked|surged]",
        "[about|roughly|nearly] {PCT_PLAIN} of [those surveyed|respondents|residents "
        "polled] in {CITY} [said|told pollsters] they [were worried|expected things to get "
        "worse|backed the move]",
        "[the|a] [cost|bill|price tag] of {MONEY_M} [would be|will be|was to be] [covered|"
        "shared|paid] by [the national government|{ORG1}|local authorities]",
        "[talks|contacts|consultations] with [officials|envoys|representatives] from "
        "{COUNTRY2} [continued|were under way|resumed] [behind closed doors|by telephone|in "
        "{CITY}]",
        "[no|few] [arrests|charges|sanctions] [had been|were] [announced|made|reported] "
        "[by|as of] {DAY}",
        "[an|the] [unnamed|anonymous|unidentified] [source|official|witness] [put|gave] the "
        "[figure|number|estimate] [closer to|at about|as high as] {N_MED}",
    ],
    "QUOTE_GEN": [
        "[Look|Listen|Honestly], [we|I] [knew|warned|said months ago] [this|something like "
        "this] [could|would|might] [happen|come], and [nobody|no one] [listened|acted|took "
        "it seriously]",
        "[My|Our] [message|advice|request] to [people|everyone|families] in {CITY} [is|today "
        "is] [simple|clear]: [stay informed|be patient|look after each other]",
        "[There will be|We expect|We will see] [more|tough|hard] [questions|decisions|days] "
        "[ahead|in the coming weeks|before this is over]",
        "[What|The thing] [matters|counts|I care about] [now|most|today] is [getting|making "
        "sure] [people|families|everyone] [get|receive|have] [the help|the support|what] they "
        "need",
        "[I|We] [spoke|talked|met] with [families|officials|colleagues] [this morning|last "
        "night|on {DAY}] and [they are|everyone is] [shaken|angry|exhausted]",
        "[It|This] [could|may|will] take [months|years|a long time] to [recover|rebuild|"
        "repair the damage|restore trust]",
        "[I want to|Let me] [be clear|make one thing clear|say this plainly]: [we|this "
        "government|our organization] [will not|won't] [walk away|give up|look away]",
        "[The numbers|The figures|These results] [speak for themselves|tell the story|are "
        "not good enough]",
        "[We|I] [owe|have a duty to give] [people|the public|voters] [a full explanation|"
        "honest answers|the whole truth]",
        "[I have|We have] [never|rarely] [seen|experienced|faced] anything [like this|quite "
        "like it] in [{N_MED} years|my career|my lifetime]",
    ],
    "UPD_GEN": [
        "[an updated|a revised|a new] [figure|tally|estimate] [was|had been] [released|issued|"
        "published] [late on {DAY}|by {TIME2}|on {DAY} evening] [by|from] {ORG1}",
        "[officials|authorities] [scheduled|called|announced] a [news conference|briefing] for "
        "{TIME2} [on|this] {DAY2}",
        "{ORG1} [corrected|revised|updated] [an earlier|its initial|its first] [statement|"
        "figure|account] [hours later|late on {DAY}|after questions from reporters]",
        "[more|further|fresh] [details|information] [emerged|came to light|were released] "
        "[late on {DAY}|on {DAY} evening|by {TIME2}]",
    ],
    "BACK_GEN": [
        "{CITY}, [a city|a port|a market town] of [about|roughly|some] {N_BIG} [people|"
        "residents], [lies|sits] [about|some] {N_MED} [miles|kilometers] [from|north of|east "
        "of] {CITY2}.",
        "[The|A] [similar|comparable|smaller] [episode|case|incident] in {MONTH} [led to|"
        "prompted|ended in] [a public inquiry|several resignations|new rules] in {COUNTRY}.",
        "{COUNTRY}'s [economy has|budget has|public finances have] [been under "
        "strain|been stretched|been squeezed] [since|after] [a currency crisis|years of "
        "drought|the pandemic|a banking collapse] {N_YEARS} years ago.",
        "[Officials|Authorities] [have|had] [been criticized|come under fire|faced questions] "
        "[in the past|before|repeatedly] for [slow|opaque|inconsistent] [responses|"
        "communication|decision-making].",
    ],
}

_TOPIC_MORE: dict[str, dict[str, list[str]]] = {
    "conflict": {
        "CLAIM": [
            "[satellite images|drone footage|photos] [showed|appeared to show] [craters|"
            "burned vehicles|collapsed walls] [at|near] [the site|the depot|the camp] [west "
            "of|outside] {CITY2}",
            "[mine-clearing|bomb disposal|engineering] [teams|units|crews] [were sent|"
            "deployed|moved in] to [clear|secure|sweep] [the road|the area|unexploded "
            "shells] [around|near] {CITY}",
            "{N_SMALL} [suspects|gunmen|fighters] were [detained|captured|arrested] [at|near] "
            "a [checkpoint|roadblock|farmhouse] [on the outskirts of|south of] {CITY2}",
            "[the|a] [power station|water plant|fuel depot] [serving|supplying] {CITY} was "
            "[knocked out|damaged|hit] [in the barrage|during the shelling|by a drone]",
            "[the|the {COUNTRY_ADJ}] [air force|navy|army] [flew|carried out|launched] {N_MED} "
            "[sorties|missions|strikes] [over|across] {REGION} [in the past week|since {DAY2}]",
            "[aid convoys|relief trucks|food shipments] [bound for|heading to] {CITY2} were "
            "[turned back|delayed|stranded] [at the border|for {N_SMALL} days|near the front]",
            "{GROUP} [denied|rejected|dismissed] [any|the] [role|involvement|link] in the "
            "[attack|strike|bombing] [in a statement|on its channels|through a spokesman]",
            "[schools|universities|courts] in {REGION} province [were|had been] [shut|"
            "closed] [as a precaution|for {N_SMALL} days|until further notice]",
            "[a|the] [prisoner swap|exchange of bodies|humanitarian pause] [was being|had "
            "been] [negotiated|discussed|arranged] [through|via] [intermediaries|{COUNTRY3}|"
            "tribal elders]",
            "[explosions|gunfire|sirens] [could be|were] heard [across|throughout] {CITY} "
            "[for|during] [much of the night|about {N_HOURS} hours|the early morning]",
            "[one|two] of the [dead|wounded|victims] [were|was] [children|a teenager|aid "
            "workers], [according to|said] {SRC}",
            "[the|a] [border crossing|main highway|airport] [near|at] {CITY2} was [closed|"
            "reopened|shut] [on|late on|early on] {DAY}",
        ],
        "QUOTE": [
            "[They|The gunmen] [came|arrived] [at night|before dawn|in pickup trucks] and "
            "[took|burned|looted] [everything|the shops|our cars]",
            "[Our|The] [mission|goal|aim] [here|in {COUNTRY}] [remains|is] [unchanged|to "
            "train and advise|to keep the peace]",
            "[We|The government] [will|must] [hold|bring] [those responsible|the attackers|"
            "the perpetrators] [to account|to justice] [wherever they are|without delay]",
            "[Every|Each] [night|day] [we|my family] [wonder|ask ourselves] [whether|if] "
            "[the next|another] [rocket|shell|drone] [will|is going to] [hit|land on] [our "
            "street|our house]",
        ],
        "BACK": [
            "[Foreign|{COUNTRY2_ADJ}] [troops|forces|advisers] [first|originally] [arrived|"
            "deployed] in {COUNTRY} [about|some] {N_YEARS} years ago [to|in order to] "
            "[train|support|advise] [local forces|the army|the police].",
            "[Drone|Rocket] attacks [on|against] [bases|convoys|airports] [have|had] "
            "[become|grown] [more frequent|more common|bolder] [since|over] [the spring|"
            "{MONTH}|the past year], [officials say|according to military officials].",
        ],
    },
    "politics": {
        "CLAIM": [
            "[the|a] [no-confidence|censure|impeachment] motion [needs|required|would need] "
            "[a simple majority|{N_MED} votes|two-thirds support] to [pass|succeed]",
            "[party|coalition] [officials|whips|leaders] [spent|worked] [the weekend|{DAY2}|"
            "late into the night] [lobbying|courting|calling] [undecided|wavering|independent] "
            "[lawmakers|deputies|members]",
            "[the|a] [cabinet reshuffle|government shake-up|new cabinet] [was expected|could "
            "come|is due] [as early as|by|before] {DAY2}",
            "{PARTY} [campaigned|ran|won support] on [promises|a pledge] to [lower|cap|"
            "freeze] [energy bills|rents|food prices] [and|while] [expand|protect|fund] "
            "[public housing|pensions|health care]",
            "[international|foreign|election] [observers|monitors] [reported|noted|found] "
            "[minor|some|serious] [irregularities|delays|problems] at [polling stations|"
            "counting centers] in {CITY2}",
            "[the|its] [youth|women's|rural] [vote|turnout|support] [shifted|swung|moved] "
            "[sharply|noticeably] [toward|to|away from] {PARTY2}",
            "[the|a] [court|constitutional court|electoral tribunal] [was asked|will be asked|"
            "could be asked] to [rule on|review|annul] [the result|the vote|the law]",
            "[a|the] [recount|second round|runoff] [was ordered|will be held|is planned] "
            "[in|for] {N_SMALL} [districts|constituencies|provinces]",
            "[spending|the budget|the deficit] [would rise|would fall|is projected to reach] "
            "{PCT} of [economic output|gross domestic product|GDP] [next year|by {MONTH}]",
            "[the|a] [foreign minister|finance minister|interior minister] [is|was] "
            "[expected|tipped|likely] to [keep|lose|retain] [the post|the job|the portfolio]",
        ],
        "QUOTE": [
            "[We|My party] [did not|didn't] [come|enter politics] to [defend|protect|keep] "
            "the [status quo|old system|privileges of a few]",
            "[Parliament|The chamber|This house] [must|should|has to] [respect|listen to|"
            "honor] the [will|voice|decision] of [the people|voters|citizens]",
            "[Nobody|No party] [won|has won] [outright|a majority], so [everyone|all of us|"
            "every party] [will have to|must] [compromise|give something up|talk]",
            "[The|This] [budget|bill|plan] [is|was] [written|drafted] [for|by|with] "
            "[bankers|lobbyists|insiders], not for [ordinary families|the people of {CITY}|"
            "workers]",
        ],
        "BACK": [
            "{PARLIAMENT} [was|had been] [dissolved|suspended|deadlocked] [twice|{N_SMALL} "
            "times] [since|in the past] {N_YEARS} years [amid|over] [feuds|disputes|"
            "quarrels] [between|among] [party leaders|coalition partners].",
            "[Voting|Registration] [is|was] [compulsory|optional|open] [for|to] [citizens|"
            "residents] [aged|over] {N_MED} [and above|or older].",
        ],
    },
    "business": {
        "CLAIM": [
            "[operating|gross] [margins|margin] [narrowed|widened|improved] to {PCT} from "
            "{PCT} [a year earlier|in the prior quarter]",
            "[online|e-commerce|export] sales [grew|jumped|rose] {PCT} [and|while] [store|"
            "domestic|wholesale] sales [were flat|dipped|edged up]",
            "[the|its] [dividend|payout] [was raised|was cut|was held] [to|at] {PRICE} [a "
            "share|per share]",
            "[a|the] [strong|weak|volatile] [currency|dollar|local currency] [cut|added|"
            "shaved] [about|roughly|nearly] {MONEY_M} [from|to] [revenue|sales|earnings]",
            "{COMPANY_SHORT} [opened|announced|is building] a [new|second] [plant|factory|"
            "distribution center] [in|near] {CITY2} [costing|worth|valued at] {MONEY_M}",
            "[net|total] debt [stood at|fell to|rose to] {MONEY_B} [at the end of|by] {MONTH}",
            "[its|the company's] [order backlog|order book|pipeline] [reached|hit|stood at] "
            "a [record|two-year high|level] of {MONEY_B}",
            "[labor|union] [talks|negotiations] [at|over] the {CITY} plant [resumed|stalled|"
            "broke down] [on|late on] {DAY}",
            "[the|a] [recall|product recall] of [about|some] {N_BIG} [units|vehicles|"
            "devices] [cost|was expected to cost] {MONEY_M}",
            "{COMPANY_SHORT}'s [market value|market capitalization] [has|had] [risen|fallen|"
            "climbed] [to|by] [about|roughly] {MONEY_B} [this year|since {MONTH}]",
        ],
        "QUOTE": [
            "[Our|The] [balance sheet|cash position|order book] [is|remains] [strong|"
            "healthy|solid], [which gives us|giving us] [room|flexibility|options] [to invest|"
            "to grow|to weather this]",
            "[Customers|Buyers|Consumers] are [cautious|holding back|trading down], [and|so] "
            "[we|the industry] [have to|must] [adapt|cut prices|offer better value]",
            "[I|We] [would|wouldn't] [read too much into|overreact to|draw conclusions from] "
            "[one quarter|a single quarter|these numbers]",
        ],
        "BACK": [
            "[Investors|Analysts] [have|had] [pushed|pressed|urged] {COMPANY_SHORT} [to cut|"
            "to trim|for years to reduce] [costs|debt|its portfolio] [and|while] [return|"
            "hand back] [more cash|cash] to [shareholders|investors].",
            "{COMPANY_SHORT}'s shares [have|had] [gained|lost|risen|fallen] {PCT} [so far "
            "this year|over the past {N_SMALL} months|since {MONTH}].",
        ],
    },
    "disaster": {
        "CLAIM": [
            "[the|a] [dam|levee|embankment] [near|above|upstream of] {CITY2} [was|had been] "
            "[under strain|at risk of failing|breached] [by|on] {DAY}",
            "[livestock|crops|fishing boats] [worth|valued at] {MONEY_M} [were|had been] "
            "[lost|swept away|destroyed] [across|in] {REGION} province",
            "[the army|soldiers|the navy] [delivered|dropped|airlifted] [food|water|medical "
            "supplies] to [villages|islands|towns] [cut off|isolated|stranded] [by the "
            "floods|by landslides|since {DAY2}]",
            "[mobile|phone|internet] [networks|service|connections] [were|remained] [down|"
            "patchy|disrupted] in [parts of|much of|the hills around] {CITY}",
            "[sea|river] [levels|water] [rose|surged|climbed] [about|nearly|more than] "
            "{N_SMALL} feet [above|over] [normal|flood stage]",
            "[officials|engineers|inspectors] [ordered|recommended] the [demolition|"
            "evacuation|inspection] of {N_MED} [buildings|apartment blocks|homes] [deemed|"
            "considered|judged] [unsafe|at risk]",
            "[insurers|banks|the government] [offered|announced|promised] [emergency "
            "loans|grants|payments] of up to {MONEY_M} [for|to] [farmers|small businesses|"
            "households]",
            "[ferries|flights|trains] [to and from|serving|out of] {CITY} [were|had been] "
            "[canceled|suspended|grounded] [until|through] {DAY2}",
            "[volunteers|church groups|students] [filled|stacked|handed out] [sandbags|food "
            "parcels|blankets] [along|near|outside] [the river|the harbor|the town hall]",
            "{STORM} [weakened|strengthened|slowed] [as it moved|while moving|after moving] "
            "[inland|north|toward {CITY2}]",
        ],
        "QUOTE": [
            "[The|Our] [shelters|evacuation centers] are [full|over capacity|running out of "
            "space], [and|so] [we|the city] [need|are asking for] [tents|more volunteers|"
            "blankets]",
            "[We|My neighbors and I] [spent|passed] the [night|whole night|storm] [on the "
            "roof|in the attic|in a school gym] [waiting|hoping] for [rescue|help|the water "
            "to drop]",
            "[Rebuilding|Recovery|The cleanup] [will|is going to] [take|cost] [years|"
            "months|a fortune], [and|but] [we|the province] [will|are going to] [rebuild|"
            "come back|get through this]",
        ],
        "BACK": [
            "[Low-lying|Coastal|Riverside] [districts|neighborhoods|villages] of {CITY} "
            "[flood|have flooded|are swamped] [regularly|almost every year|during heavy "
            "rain], [residents say|officials say].",
            "[Spending|Investment] on [flood defenses|drainage|early warning systems] "
            "[was cut|has lagged|fell] [in|after] [recent budgets|{MONTH}|the last "
            "recession], [critics say|according to opposition lawmakers].",
        ],
    },
    "sports": {
        "CLAIM": [
            "{PLAYER} [was substituted|came off|limped off] [in|around] the {N_MIN}th minute "
            "[to a standing ovation|with cramp|after a heavy challenge]",
            "[the|a] [penalty|goal|equalizer] was [awarded|ruled out|confirmed] [after|"
            "following] a [video review|lengthy check|consultation with the assistant]",
            "{TEAM2} [had|enjoyed|dominated] {PCT_PLAIN} of possession [but|yet] [managed|"
            "mustered|produced] [only|just] {N_SMALL} shots on target",
            "[the|a] [win|result|defeat] [leaves|left|puts] {TEAM2} [in|near|just above] "
            "the [relegation zone|bottom three|bottom half] [with|on] {N_MED} points",
            "{TEAM1}'s [goalkeeper|keeper] [made|pulled off] {N_SMALL} [saves|fine stops|"
            "key saves] [including one|one of them] [from|to deny] {PLAYER2}",
            "[fans|supporters] [of|from] {TEAM2} [chanted|booed|protested] [against|at] "
            "the [owners|board|manager] [after|before|during] the [game|match]",
            "[the|a] [transfer|signing] of {PLAYER} [from|for] {MONEY_M} [last summer|in "
            "{MONTH}|in the winter window] [was|had been] [criticized|questioned|hailed]",
            "[the|an] [opening|early|scrappy] [half|period|spell] [produced|yielded|"
            "brought] [few|no|little] [chances|shots|clear openings] [for either side|at "
            "either end]",
            "{TEAM3} [drew|lost|won] [at|against|away to] [{TEAM2}|a struggling side|the "
            "bottom club] [earlier in the day|on {DAY2}|in the late kickoff]",
            "[ticket|season ticket|merchandise] [sales|prices] [at|for] {TEAM1} [rose|have "
            "risen|jumped] {PCT} [this season|since {MONTH}]",
        ],
        "QUOTE": [
            "[It was|That was] a [proper|real|hard-fought] [game|derby|battle] and [both "
            "teams|the two sides] [gave|left] everything [out there|on the pitch]",
            "[He|The boy|Our number nine] [is|has been] [in|on] [great|unbelievable|"
            "fantastic] form and [deserves|earned] [every goal|the praise|his chance]",
            "[We|I] [will|must] [go again|regroup|recover] [on|by|before] {DAY2}, [there "
            "is|we have] no time to [feel sorry|celebrate|rest]",
        ],
        "BACK": [
            "{STADIUM}, [home|the home ground] of {TEAM1} [since|for] {N_MED} years, "
            "[holds|seats|can hold] [about|roughly|just over] {N_BIG} [fans|spectators|"
            "people].",
            "[The|This] [season|campaign] [has|had] [been|proved] [the|a] [tightest|most "
            "open|most unpredictable] [title race|league] [in years|in a generation|for "
            "{N_YEARS} seasons], [pundits say|analysts say].",
        ],
    },
    "courts": {
        "CLAIM": [
            "[the|a] [verdict|sentence|ruling] [was|had been] [read out|delivered|"
            "announced] [over|in] [about|nearly] {N_HOURS} hours [in|before] a [packed|"
            "crowded|tense] [courtroom|chamber]",
            "{DEF} [stood|sat|listened] [silently|impassively|with head bowed] [as|while] "
            "the [judge|presiding judge|panel] [read|delivered|announced] the [verdict|"
            "decision|sentence]",
            "[investigators|auditors|police] [seized|froze|confiscated] [property|bank "
            "accounts|luxury cars] [worth|valued at] {MONEY_M} [linked to|belonging to|"
            "tied to] {DEF}",
            "[the|a] [key|star|main] [witness|informant] [was|had been] [a former aide|an "
            "accountant|a business partner] [who|that] [agreed to cooperate|testified in "
            "exchange for leniency|turned state's witness]",
            "[the|a] [law|statute] [used|invoked|cited] [in|by] the [case|prosecution] "
            "[was|had been] [passed|amended|tightened] in {MONTH} [after|following] "
            "[protests|a string of scandals|public pressure]",
            "{DEF} [spent|had spent] {N_SMALL} months [in pretrial detention|under house "
            "arrest|in custody] [before|ahead of] the [trial|hearing]",
            "[protesters|supporters of {DEF}|relatives] [gathered|chanted|waited] [outside|in "
            "front of] the [court|courthouse|building] [during|throughout|ahead of] the "
            "[hearing|proceedings|session]",
            "[the|a] [civil|separate|parallel] [lawsuit|case|claim] [seeking|demanding|worth] "
            "{MONEY_M} [in damages|in compensation] [is|was] [pending|still under way|set "
            "for hearing]",
            "[sentencing|a sentencing hearing|the next hearing] [was set|is scheduled|will "
            "take place] for {DAY2}",
            "[the|its] [defense|prosecution] [called|summoned|questioned] [more than|about|"
            "nearly] {N_MED} [witnesses|experts|officials] [over|during] {N_SMALL} weeks",
        ],
        "QUOTE": [
            "[The|This] [court|tribunal] [has|had] [carefully|thoroughly] [weighed|"
            "considered|examined] [all the evidence|every argument|the testimony]",
            "[He|My client] [has|had] [always|consistently] [maintained|insisted on] his "
            "innocence [and|so] [we|the family] [will|are going to] keep fighting",
            "[Today|This ruling|The verdict] [shows|proves|demonstrates] that [the courts|"
            "our institutions|the justice system] [can|do] [work|hold the powerful to "
            "account]",
        ],
        "BACK": [
            "[The|This] [case|trial|scandal] [has|had] [gripped|divided|captivated] {COUNTRY} "
            "[since|after] [details|leaked documents|recordings] [emerged|surfaced|were "
            "published] in {MONTH}.",
            "[Courts|Judges] in {COUNTRY} [have|had] [convicted|acquitted|sentenced] "
            "{N_SMALL} former [ministers|officials|governors] [in|over] the [past|last] "
            "{N_YEARS} years.",
        ],
    },
    "health": {
        "CLAIM": [
            "[schools|day-care centers|markets] in [the worst-hit|affected|{N_SMALL}] "
            "[districts|towns|areas] [were|would be] [closed|shut] [as a precaution|for {N_SMALL} "
            "days|until further notice]",
            "[laboratory|lab] [tests|results] [confirmed|showed] [the|a] [strain|variant|"
            "type] [was|had been] [first|previously] [detected|seen|identified] in {MONTH}",
            "[border|airport|port] [screening|checks|health checks] [were|had been] "
            "[introduced|stepped up|tightened] [in|at] {CITY} [on|since] {DAY}",
            "[doctors|medics|nurses] [from|in] {CITY2} [were|had been] [sent|deployed|"
            "redeployed] [to|to help in] [the affected|rural|border] [districts|areas|clinics]",
            "[the|a] [price|cost] of [a dose|treatment|a test] [was|had been] [capped|cut|set] "
            "at {PRICE}",
            "the [incubation period|recovery time|hospital stay] [is|was|averaged] "
            "[about|roughly|up to] {N_SMALL} [days|weeks] [for|among] [most|adult|younger] "
            "patients",
            "[new|fresh|confirmed] [cases|infections] [fell|rose|dropped] {PCT} [in|over] the "
            "[past|last] [week|{N_SMALL} days] [compared with|from] the [week|period] before",
            "[a field hospital|a mobile clinic|an isolation center] with {N_MED} beds "
            "[opened|was set up|began operating] [on the edge of|outside|in] {CITY2}",
            "[officials|inspectors] [tested|sampled|inspected] {N_MED} [wells|restaurants|"
            "water points] [in|across] {CITY} [and|but] [found|detected] [contamination|"
            "no problems|bacteria] in {N_SMALL}",
            "[health workers|nurses|junior doctors] [threatened|planned|called off] a "
            "[strike|walkout|protest] [over|about] [pay|staffing|overtime] [on|for] {DAY2}",
        ],
        "QUOTE": [
            "[Wash|Clean] your hands, [boil|filter] [your|drinking] water and [see|visit] a "
            "[doctor|clinic] [at the first sign|as soon as you notice symptoms]",
            "[We have|The ministry has|Hospitals have] [enough|sufficient|plenty of] "
            "[vaccine|doses|beds] [for now|at the moment], [but|though] [supplies|stocks] "
            "[are|remain] [tight|limited]",
            "[My|Our] [son|daughter|baby] [had|ran] a [high|terrible] fever [for|over] "
            "{N_SMALL} days and [no one|nobody] [could|would] [tell us|explain] [why|what it "
            "was]",
        ],
        "BACK": [
            "{COUNTRY} [spends|spent] [about|roughly|less than] {PCT} of [its budget|public "
            "spending|GDP] on [health care|hospitals|public health], [below the regional "
            "average|among the lowest in the region|well under what its neighbors spend].",
            "[The|A] [last|previous|major] outbreak of {DISEASE} in {COUNTRY}, [in|about] "
            "{N_YEARS} years ago, [killed|infected|sickened] [more than|about] {N_BIG} "
            "people.",
        ],
    },
    "technology": {
        "CLAIM": [
            "[the|a] [feature|update|tool] [lets|allows] [users|people|subscribers] to "
            "[share|store|search|edit] [files|photos|messages] [across|on] [devices|"
            "platforms|accounts]",
            "[the|its] [app|service|software] [was|had been] [downloaded|installed] [more "
            "than|about] {N_BIG} times [since|in] [its launch|{MONTH}|the first week]",
            "[the|a] [data center|chip plant|research lab] [in|near] {CITY2} [will|would] "
            "[employ|create|add] [about|up to] {N_BIG} [jobs|workers|engineers]",
            "[the|a] [flaw|bug|weakness] [allowed|could allow|let] [attackers|intruders|"
            "outsiders] to [read|take over|copy] [accounts|messages|files] [without|with no] "
            "[a password|the owner's knowledge|detection]",
            "[subscribers|customers|users] [will|would] [pay|be charged] {PRICE} [a month|"
            "per month|a year] [for|to access] [premium|advanced|ad-free] [features|"
            "service|plans]",
            "[the|an] [outage|disruption|glitch] [lasted|persisted] [about|nearly|more "
            "than] {N_HOURS} hours [and|after it] [affected|hit|left] [users|customers] in "
            "{N_SMALL} countries",
            "[lawmakers|the government|{REGULATOR}] [proposed|drafted|approved] [rules|a "
            "law|guidelines] [requiring|forcing|obliging] [companies|platforms|app makers] to "
            "[report|disclose|fix] [breaches|flaws|incidents] [within|in] {N_SMALL} days",
            "{TECHCO_SHORT} [hired|brought in|appointed] [an outside|a forensic|an "
            "independent] [firm|team|auditor] to [investigate|review|examine] the [incident|"
            "breach|attack]",
            "[revenue|sales] from [the|its] {PRODUCT_T} [grew|rose|jumped] {PCT} [last "
            "quarter|in the first half|year on year]",
            "[the|a] [class action|lawsuit|complaint] [filed|lodged] [in|at] {CITY} "
            "[seeks|demands|claims] {MONEY_M} [on behalf of|for] [users|customers|affected "
            "people]",
        ],
        "QUOTE": [
            "[This|The product|Our new service] [is|represents] [the biggest|a major|an "
            "important] [step|change|upgrade] [we have made|for the company] [in|since] "
            "[years|our founding|{N_SMALL} years]",
            "[Companies|Platforms|Tech firms] [cannot|can't|should not] [collect|hoard|"
            "sell] [data|personal information] [first|freely] and [ask|answer] [questions|"
            "for permission] later",
            "[Attackers|Criminals|Hackers] [only need|need just] [one|a single] "
            "[mistake|weak password|unpatched server] [to get in|to break in]",
        ],
        "BACK": [
            "[Data breaches|Cyberattacks|Ransomware attacks] [on|against] [companies|"
            "hospitals|public agencies] in {COUNTRY} [rose|climbed|jumped] {PCT} [last "
            "year|in {MONTH}|over {N_SMALL} years], [according to|said] {RESEARCH_FIRM}.",
            "{TECHCO_SHORT} [competes|vies] [with|against] {TECHCO2_SHORT} [and|as well as] "
            "[larger|foreign|regional] [rivals|platforms|players] [for|in] [users|"
            "advertisers|enterprise customers].",
        ],
    },
}

for _topic, _more in _TOPIC_MORE.items():
    for _key, _templates in _more.items():
        _TOPIC_RAW[_topic][_key] = _TOPIC_RAW[_topic][_key] + _templates
for _key, _templates in _GENERIC_MORE.items():
    _GENERIC_RAW[_key] = _GENERIC_RAW.get(_key, []) + _templates

_GRAMMARS: dict[str, _Grammar] = {}


def _grammar_for(topic: str) -> _Grammar:
    g = _GRAMMARS.get(topic)
    if g is None:
        g = {**_grammar(_GENERIC_RAW), **_grammar(_TOPIC_RAW[topic])}
        g.update(_ANON)
        _GRAMMARS[topic] = g
    return g


def _dyn_time(rng: random.Random) -> str:
    h = 1 + int(rng.random() * 12)
    m = _pick(rng, ("", "", "", ":15", ":30", ":45"))
    return f"{h}{m} {_pick(rng, ('a.m.', 'p.m.'))}"


def _money_m(rng: random.Random) -> str:
    v = rng.random()
    return f"${1 + v * v * 900:.1f} million"


def _money_b(rng: random.Random) -> str:
    return f"${0.5 + rng.random() * 30:.1f} billion"


_DYNAMIC: dict[str, Any] = {
    "N_SMALL": lambda rng: _NUMBER_WORDS[2 + int(rng.random() * 7)],
    "N_HOURS": lambda rng: _ap(2 + int(rng.random() * 14)),
    "N_MED": lambda rng: _ap(10 + int(rng.random() * 90)),
    "N_TEENS": lambda rng: _ap(10 + int(rng.random() * 15)),
    "N_BIG": lambda rng: f"{100 * (5 + int(rng.random() * 400)):,}",
    "N_YEARS": lambda rng: _ap(2 + int(rng.random() * 25)),
    "N_MIN": lambda rng: str(11 + int(rng.random() * 79)),
    "PCT": lambda rng: f"{0.3 + rng.random() * 19:.1f} percent",
    "PCT_PLAIN": lambda rng: f"{10 + int(rng.random() * 80)} percent",
    "MONEY_M": _money_m,
    "MONEY_B": _money_b,
    "PRICE": lambda rng: f"${1 + rng.random() * 300:.2f}",
    "TIME2": _dyn_time,
}


class _Filler(dict[str, str]):
    """Slot values of one story; grammar keys and dynamic slots are drawn on lookup."""

    def __init__(self, rng: random.Random, topic: str) -> None:
        super().__init__()
        self.rng = rng
        self.rand = rng.random
        self.grammar, self.plain = _writer_grammar(topic)
        self.used: set[tuple[str, int]] = set()

    def __missing__(self, key: str) -> str:
        tpls = self.grammar.get(key)
        if tpls is None:
            gen = _DYNAMIC.get(key)
            if gen is None:
                raise KeyError(key)
            return str(gen(self.rng))
        n = len(tpls)
        i = int(self.rand() * n) if n > 1 else 0
        if key in _NO_REPEAT:
            tries = 0
            while (key, i) in self.used and tries < 8:
                i = int(self.rand() * n)
                tries += 1
            self.used.add((key, i))
        variants = tpls[i]
        s = variants[int(self.rand() * len(variants))] if len(variants) > 1 else variants[0]
        return s if key in self.plain else s.format_map(self)


def _cap(s: str) -> str:
    if not s:
        return s
    if s[0] == '"' and len(s) > 1:
        return '"' + s[1].upper() + s[2:]
    return s[0].upper() + s[1:]


_A_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?=[aeioAEIO](?!ne\b|nce\b)|[uU](?!ni|se|su|ti|r[aeo]|\.))")
_AN_BEFORE_CONSONANT = re.compile(r"\b([Aa])n (?=[b-df-gj-np-tv-zB-DF-GJ-NP-TV-Z])")
_DOUBLE_PERIOD = re.compile(r"(?<!\.)\.\.(?!\.)")


def _tidy(s: str) -> str:
    """Capitalize, fix a/an, empty-alternative double spaces and ``p.m..``."""
    if s[:1] == " ":
        s = s.lstrip()
    s = _AN_BEFORE_CONSONANT.sub(r"\1 ", _A_BEFORE_VOWEL.sub(r"\1n ", s))
    if "  " in s:
        s = s.replace("  ", " ")
    if ".." in s:
        s = _DOUBLE_PERIOD.sub(".", s)
    return _cap(s)


# --------------------------------------------------------------------------------------------
# Casting: story-level slots and people
# --------------------------------------------------------------------------------------------


def _cast(rng: random.Random, topic: str, f: _Filler, shared: Mapping[str, str]) -> dict[str, Any]:
    """Fill story-level slots; return the facts (people are added by the caller)."""
    country, adj = _country(rng)
    c2, adj2 = _country(rng)
    c3, _ = _country(rng)
    day_i = int(rng.random() * 7)
    s = {
        "COUNTRY": country,
        "COUNTRY_ADJ": adj,
        "COUNTRY2": c2,
        "COUNTRY2_ADJ": adj2,
        "COUNTRY3": c3,
        "CITY": _city(rng),
        "CITY2": _city(rng),
        "REGION": _region(rng),
        "DAY": _WEEKDAYS[day_i],
        "DAY2": _WEEKDAYS[(day_i + 5 + int(rng.random() * 2)) % 7],
        "MONTH": _pick(rng, _MONTHS),
        "TIME": _dyn_time(rng),
        "UNIVERSITY": _pick(
            rng,
            (
                "the University of {}",
                "{} University",
                "{} State University",
                "the {} Institute of Technology",
                "{} College",
            ),
        ).format(_city(rng)),
        "THINKTANK": f"the {_city(rng)} {_pick(rng, _THINK)} for {_pick(rng, _THINK_A)}",
    }
    s.update(shared)
    numbers: dict[str, int | str] = {}
    orgs: list[str] = []
    if topic == "conflict":
        ga = _pick(rng, _GROUP_A)
        s["GROUP"] = f"the {ga} {_pick(rng, [b for b in _GROUP_B if b not in ga])}"
        s["GROUP_SHORT"] = ga
        s["FORCE"] = _pick(
            rng,
            (
                f"{s['COUNTRY2_ADJ']} troops",
                "coalition forces",
                f"{s['COUNTRY2_ADJ']} forces",
                "government troops",
            ),
        )
        s["ORG_MIL"] = _pick(
            rng,
            (
                f"the {s['COUNTRY2_ADJ']}-led coalition",
                f"the {s['COUNTRY_ADJ']} army",
                f"the {s['COUNTRY_ADJ']} joint operations command",
            ),
        )
        k, w = 2 + int(rng.random() * 30), 3 + int(rng.random() * 60)
        numbers.update(killed=k, wounded=w)
        s["N_KILLED"], s["N_WOUNDED"] = _ap(k), _ap(w)
        s["N_KILLED2"] = _ap(k + 1 + int(rng.random() * 8))
        orgs += [s["GROUP"], s["ORG_MIL"]]
        s["ORG1"] = s["ORG_MIL"]
    elif topic == "politics":
        pa = f"the {_pick(rng, _PARTY_A)} {_pick(rng, _PARTY_B)}"
        pb = f"the {_pick(rng, _PARTY_A)} {_pick(rng, _PARTY_B)}"
        s["PARTY"], s["PARTY2"] = pa, pb
        s["PARLIAMENT"] = _pick(
            rng, ("parliament", "the National Assembly", "the Senate", "the lower house")
        )
        topic_word = _pick(
            rng,
            (
                "pension",
                "fuel tax",
                "media",
                "land reform",
                "anti-graft",
                "electoral",
                "labor",
                "citizenship",
                "budget",
                "police",
            ),
        )
        s["BILL"] = f"a {topic_word} bill"
        s["BILL_SHORT"] = f"{topic_word} bill"
        total = _pick(rng, (101, 150, 200, 225, 300, 350, 450))
        seats = int(total * (0.3 + rng.random() * 0.3))
        yes = int(total * (0.45 + rng.random() * 0.2))
        numbers.update(seats=seats, total_seats=total, votes_for=yes, votes_against=total - yes)
        s["N_SEATS"], s["N_TOTAL"] = _ap(seats), _ap(total)
        s["N_FOR"], s["N_AGAINST"] = _ap(yes), _ap(total - yes - int(rng.random() * 10))
        orgs += [pa, pb]
        s["ORG1"] = pa
    elif topic == "business":
        co, short = _company(rng)
        co2, short2 = _company(rng)
        s["COMPANY"], s["COMPANY_SHORT"] = co, short
        s["COMPANY2"], s["COMPANY2_SHORT"] = co2, short2
        s["BANK"] = f"{_company(rng, ('Capital', 'Securities', 'Bank'))[0]}"
        s["FUND"] = f"{_company(rng, ('Asset Management', 'Investors', 'Partners'))[0]}"
        s["DATA_FIRM"] = f"{_company(rng, ('Analytics', 'Research', 'Data'))[0]}"
        s["EXCHANGE"] = f"{_city(rng)} Stock Exchange"
        s["PRODUCT"] = _pick(rng, _PRODUCTS)
        jobs = 100 * (2 + int(rng.random() * 80))
        numbers.update(jobs=jobs)
        s["N_JOBS"] = _ap(jobs)
        orgs += [co, co2, s["BANK"]]
        s["ORG1"] = short
    elif topic == "disaster":
        name = _pick(rng, _STORM_NAMES)
        s["STORM"] = _pick(
            rng, (f"Storm {name}", f"Cyclone {name}", f"Typhoon {name}", f"Hurricane {name}")
        )
        s["WEATHER_AGENCY"] = f"the {s['COUNTRY_ADJ']} Meteorological Service"
        s["EMERGENCY_AGENCY"] = f"the {s['COUNTRY_ADJ']} Civil Protection Agency"
        s["RELIEF"] = f"the {_city(rng)} Relief Fund"
        dead, evac = 2 + int(rng.random() * 40), 1000 * (1 + int(rng.random() * 90))
        homes = 10 * (3 + int(rng.random() * 200))
        wind, rain = 60 + int(rng.random() * 100), 4 + int(rng.random() * 20)
        numbers.update(dead=dead, evacuated=evac, homes=homes, wind_mph=wind, rain_in=rain)
        s["N_DEAD"], s["N_EVAC"], s["N_HOMES"] = _ap(dead), _ap(evac), _ap(homes)
        s["N_WIND"], s["N_RAIN"] = str(wind), str(rain)
        s["N_DEAD2"] = _ap(dead + 2 + int(rng.random() * 15))
        orgs += [s["WEATHER_AGENCY"], s["EMERGENCY_AGENCY"], s["RELIEF"]]
        s["ORG1"] = s["EMERGENCY_AGENCY"]
    elif topic == "sports":
        teams = [f"{_city(rng)} {_pick(rng, _MASCOTS)}" for _ in range(3)]
        s["TEAM1"], s["TEAM2"], s["TEAM3"] = teams
        s["LEAGUE"] = _pick(
            rng,
            (
                f"{s['COUNTRY_ADJ']} Premier League",
                f"{s['COUNTRY_ADJ']} First Division",
                "Continental League",
            ),
        )
        s["STADIUM"] = f"{_city(rng)} {_pick(rng, ('Park', 'Stadium', 'Arena', 'Ground'))}"
        p1 = invent_person(rng, "a striker", s)
        p2 = invent_person(rng, "a defender", s)
        s["PLAYER"], s["PLAYER_FULL"], s["PLAYER2"] = p1.last, p1.full, p2.full
        a, b = 1 + int(rng.random() * 4), int(rng.random() * 3)
        a = max(a, b + 1)
        pts = 10 + int(rng.random() * 60)
        numbers.update(score_winner=a, score_loser=b, points=pts)
        s["SCORE"], s["N_POINTS"] = f"{a}-{b}", _ap(pts)
        s["N_GAMES"] = _ap(pts // 2 + 3 + int(rng.random() * 8))
        orgs += [*teams, s["LEAGUE"]]
        s["ORG1"] = teams[0]
        s["_EXTRA_PEOPLE"] = f"{p1.full}|{p2.full}"
    elif topic == "courts":
        d = invent_person(rng, "the defendant", s)
        s["DEF"], s["DEF_FULL"] = d.last, f"{d.full}, {40 + int(rng.random() * 30)},"
        s["COURT"] = f"{s['CITY']} {_pick(rng, ('District Court', 'Criminal Court', 'High Court'))}"
        s["CHARGE"] = _pick(rng, _CHARGES)
        s["COMPANY_SHORT"] = _company(rng)[1]
        orgs += [s["COURT"]]
        s["ORG1"] = f"the {s['COURT']}"
        s["_EXTRA_PEOPLE"] = d.full
    elif topic == "health":
        s["DISEASE"] = _pick(rng, _DISEASES)
        kind = _pick(
            rng,
            ("General Hospital", "Children's Hospital", "University Hospital", "Medical Center"),
        )
        s["HOSPITAL"] = f"{_city(rng)} {kind}"
        s["HEALTH_AGENCY"] = f"the {s['COUNTRY_ADJ']} Public Health Agency"
        cases, deaths = 50 + int(rng.random() * 5000), 2 + int(rng.random() * 80)
        numbers.update(cases=cases, deaths=deaths)
        s["N_CASES"], s["N_DEATHS"] = _ap(cases), _ap(deaths)
        s["N_CASES2"] = _ap(cases + 10 + int(rng.random() * 400))
        orgs += [s["HOSPITAL"], s["HEALTH_AGENCY"]]
        s["ORG1"] = s["HEALTH_AGENCY"]
    else:  # technology
        co, short = _company(rng, _TECH_KIND)
        co2, short2 = _company(rng, _TECH_KIND)
        s["TECHCO"], s["TECHCO_SHORT"], s["TECHCO2_SHORT"] = co, short, short2
        s["SECFIRM"] = f"{_company(rng, ('Security', 'Cyber', 'Labs'))[0]}"
        s["RESEARCH_FIRM"] = f"{_company(rng, ('Research', 'Insights', 'Analytics'))[0]}"
        s["REGULATOR"] = f"the {s['COUNTRY_ADJ']} Data Protection Authority"
        s["PRODUCT_T"] = _pick(rng, _TECH_PRODUCTS)
        users = 1000 * (50 + int(rng.random() * 20000))
        numbers.update(users=users)
        s["N_USERS_TXT"] = f"{users / 1e6:.1f} million" if users >= 1_000_000 else f"{users:,}"
        orgs += [co, s["REGULATOR"], s["SECFIRM"]]
        s["ORG1"] = short
    s.setdefault("ORG1", f"the {s['COUNTRY_ADJ']} government")
    f.update(s)
    places = [s["CITY"], s["CITY2"], s["REGION"], s["COUNTRY"], s["COUNTRY2"]]
    return {"orgs": orgs, "places": places, "numbers": numbers}


# --------------------------------------------------------------------------------------------
# Stories
# --------------------------------------------------------------------------------------------


@dataclass
class Story:
    """A composed base story: title, paragraphs, topic and the facts that were used.

    ``facts`` has ``people`` (names with roles), ``orgs``, ``places`` and ``numbers`` (named
    story-level figures). ``slots`` and ``cast`` let :func:`continue_story` write more
    paragraphs about the same story.
    """

    title: str
    paragraphs: list[str]
    topic: str
    facts: dict[str, Any]
    slots: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    cast: list[Person] = field(default_factory=list, repr=False, compare=False)

    @property
    def text(self) -> str:
        """Paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def n_words(self) -> int:
        """Whitespace-separated words of :attr:`text`."""
        return sum(len(p.split()) for p in self.paragraphs)


class _Writer:
    """Sentence and paragraph production for one story (tracks who was introduced)."""

    def __init__(
        self,
        rng: random.Random,
        topic: str,
        f: _Filler,
        cast: list[Person],
        mentioned: set[str] | None = None,
    ) -> None:
        self.rng = rng
        self.topic = topic
        self.f = f
        self.cast = cast
        self.mentioned = mentioned if mentioned is not None else set()

    def _speaker(self) -> Person:
        rng = self.rng
        # the first two cast members speak most
        i = int(rng.random() * rng.random() * len(self.cast))
        p = self.cast[i]
        f = self.f
        if p.full in self.mentioned:
            f["S"] = f["S_END"] = p.last
        else:
            f["S"], f["S_END"] = p.subject(), p.end()
        f["S_PRON"] = "she" if p.female else "he"
        return p

    def sentence(self, key: str) -> str:
        p = self._speaker()
        s = _tidy(self.f[key])
        if p.full in s:
            self.mentioned.add(p.full)
        return s

    def paragraph(self, kind: str) -> str:
        rng = self.rng
        if kind == "quote":
            return self.sentence("QUOTE_FRAME")
        if kind == "back":
            n = 1 + (rng.random() < 0.35)
            return " ".join(
                self.sentence("BACK" if rng.random() < 0.7 else "REACT") for _ in range(n)
            )
        r = rng.random()
        n = 1 if r < 0.45 else 2 if r < 0.88 else 3
        if kind == "update":
            first = self.sentence("UPD_FRAME")
            return first if n == 1 else f"{first} {self.sentence('FACT_FRAME')}"
        return " ".join(self.sentence("FACT_FRAME") for _ in range(n))

    def paragraphs(
        self,
        target_words: int,
        start_words: int = 0,
        kinds: tuple[float, float, float] = (0.5, 0.3, 0.2),
    ) -> list[str]:
        """Fact/quote/background paragraphs until about ``target_words`` words."""
        rng = self.rng
        out: list[str] = []
        n = start_words
        last = ""
        while n < target_words:
            r = rng.random()
            kind = "fact" if r < kinds[0] else "quote" if r < kinds[0] + kinds[1] else "back"
            if kind == last == "quote":
                kind = "fact"
            para = self.paragraph(kind)
            out.append(para)
            n += para.count(" ") + 1
            last = kind
        return out


_PLAIN: dict[str, frozenset[str]] = {}


def _writer_grammar(topic: str) -> tuple[_Grammar, frozenset[str]]:
    """The grammar of ``topic`` and its keys whose alternatives have no slots."""
    g = _grammar_for(topic)
    if topic not in _PLAIN:
        g["QUOTE_T"] = g["QUOTE"] + g["QUOTE_GEN"]
        g["CLAIM"] = g["CLAIM"] + g["CLAIM_GEN"]
        g["BACK"] = g["BACK"] + g["BACK_GEN"]
        g["UPD"] = g["UPD"] + g["UPD_GEN"]
        g["UPD_FRAME"] = [
            [v.replace("{CLAIM}", "{UPD}") for v in t]
            for t in g["FACT_FRAME"]
            if t[0].count("{CLAIM}") == 1
        ]
        _PLAIN[topic] = frozenset(
            k for k, tpls in g.items() if not any("{" in v for t in tpls for v in t)
        )
    return g, _PLAIN[topic]


def _target_words(rng: random.Random, words: int) -> int:
    """Length spread around ``words`` (lognormal, clipped to 0.4x-2x)."""
    x = int(words * math.exp(rng.gauss(0.0, 0.3)))
    return max(int(words * 0.4), min(int(words * 2.0), x, words * 2))


def compose_story(
    rng: random.Random,
    topic: str | None = None,
    words: int = 600,
    *,
    shared: Mapping[str, str] | None = None,
) -> Story:
    """Compose a fictional wire story of about ``words`` words (spread 0.4x-2x).

    ``topic`` is one of :data:`TOPICS` (random when ``None``). ``shared`` pre-sets story-level
    slots (e.g. ``{"COUNTRY": ..., "COUNTRY_ADJ": ..., "DAY": ...}``) so that different stories
    can share a setting (hard negatives).
    """
    if topic is None:
        topic = _pick(rng, TOPICS)
    if topic not in _TOPIC_RAW:
        raise ValueError(f"unknown topic {topic!r}; expected one of {TOPICS}")
    f = _Filler(rng, topic)
    facts = _cast(rng, topic, f, shared or {})
    roles = list(_ROLES[topic])
    rng.shuffle(roles)
    n_people = 3 + int(rng.random() * 3)
    cast = [invent_person(rng, r, f) for r in roles[: n_people - 1]]
    cast.append(invent_person(rng, _pick(rng, _GENERIC_ROLES), f))
    people = [p.describe() for p in cast]
    extra = f.pop("_EXTRA_PEOPLE", "")
    if extra:
        people += extra.split("|")
    facts = {"people": people, **facts}
    target = _target_words(rng, words)
    w = _Writer(rng, topic, f, cast)
    title = _tidy(f["HEAD"])
    lede = w.sentence("LEDE")
    if rng.random() < 0.7:
        lede = f"{f['CITY'].upper()} -- {lede}"
    paras = [lede]
    if rng.random() < 0.5:
        paras.append(w.sentence("FACT_FRAME"))
    start = sum(p.count(" ") + 1 for p in paras)
    paras += w.paragraphs(target, start)
    slots = {k: v for k, v in f.items() if k not in ("S", "S_END", "S_PRON")}
    return Story(title, paras, topic, facts, slots, cast)


def continue_story(
    rng: random.Random,
    story: Story | None,
    n_paragraphs: int,
    *,
    update: bool = False,
    new_speaker: bool = False,
    topic: str | None = None,
    introduced: Iterable[str] | None = None,
) -> tuple[list[str], list[str]]:
    """New paragraphs about the same story (same cast and setting): ``(paragraphs, new_facts)``.

    ``update=True`` leans on developments (death toll rose, shares closed...) and quotes;
    ``new_speaker=True`` brings in a new person, returned in ``new_facts``. With
    ``story=None`` (an article we did not compose) a fresh generic setting of ``topic`` is
    invented. ``introduced`` names the people already introduced by full name (default: all
    of the story's cast); others get their full introduction on first mention.
    """
    if story is None:
        story = compose_story(rng, topic, words=40)
    f = _Filler(rng, story.topic)
    f.update(story.slots)
    cast = list(story.cast)
    new_facts: list[str] = []
    if new_speaker or not cast:
        role = _pick(rng, _ROLES[story.topic] + _GENERIC_ROLES)
        p = invent_person(rng, role, f)
        cast.insert(0, p)
        new_facts.append(p.describe())
    known = {p.full for p in story.cast} if introduced is None else set(introduced)
    w = _Writer(rng, story.topic, f, cast, known)
    out = []
    for i in range(n_paragraphs):
        if update and i % 2 == 0:
            kind = "update"
        else:
            r = rng.random()
            kind = "quote" if r < 0.45 else "fact" if r < 0.85 else "back"
        out.append(w.paragraph(kind))
    return out, new_facts


def headline(rng: random.Random, story: Story) -> str:
    """A fresh headline for ``story`` (as a rewrite by another outlet would have)."""
    f = _Filler(rng, story.topic)
    f.update(story.slots)
    return _tidy(f["HEAD"])


def make_quote(rng: random.Random, story: Story | None = None, topic: str | None = None) -> str:
    """One quoted sentence (without quotation marks) for ``story``'s topic."""
    t = story.topic if story is not None else (topic or _pick(rng, TOPICS))
    f = _Filler(rng, t)
    if story is not None:
        f.update(story.slots)
    else:
        _cast(rng, t, f, {})
    return _tidy(f["QUOTE_T"])


# --------------------------------------------------------------------------------------------
# Templated briefs (hard negatives that share boilerplate)
# --------------------------------------------------------------------------------------------

_BRIEFS: dict[str, list[list[str]]] = {
    # kind -> house styles -> paragraphs (fixed boilerplate, slot-filled figures)
    "earnings": [
        [
            "{CITYUP} ({OUTLET_SHORT}) -- {COMPANY} on {DAY} reported {QUARTER} net income "
            "of {M1}, or {E1} per share, compared with {M2}, or {E2} per share, a year earlier.",
            "Revenue {UPDOWN} {P1} to {B1}.",
            "Excluding one-time items, the company earned {E3} per share. Analysts on average "
            "had expected {E4} per share, according to {DATA_FIRM}.",
            "Shares of {SHORT} were {UPDOWN2} {P2} at {PRICE} in extended trading.",
            "The company will hold a conference call for analysts at 8:30 a.m. Eastern time.",
            "(Reporting by {REPORTER}; Editing by {EDITOR})",
        ],
        [
            "{COMPANY} ({TICKER}) said on {DAY} its {QUARTER} profit {PROFIT_DIR} to {M1} from "
            "{M2} a year ago, as revenue {UPDOWN} {P1} to {B1}.",
            "On an adjusted basis, earnings were {E3} per share, {VERSUS} the average analyst "
            "estimate of {E4}, based on data compiled by {DATA_FIRM}.",
            "The company {GUIDE} its full-year revenue forecast to a range of {B2} to {B3}.",
            "This report was produced from the company's earnings release and is not "
            "investment advice. Figures may be revised after the company files its "
            "quarterly report with regulators.",
            "(Reporting by {REPORTER})",
        ],
    ],
    "commodities": [
        [
            "{CITYUP} ({OUTLET_SHORT}) -- {COMMODITY} futures {UPDOWN} {CENTS} cents, or {P1}, "
            "to settle at {PRICE} per {UNIT} on the {EXCHANGE} on {DAY}.",
            "Trading volume was {VOL} contracts, compared with a 30-day average of {VOL2}.",
            "Traders cited {DRIVER} as the main factor behind the move.",
            "Prices are for the most actively traded contract and are quoted in U.S. dollars. "
            "Settlement prices are provisional and may be revised by the exchange.",
            "(Reporting by {REPORTER}; Editing by {EDITOR})",
        ],
        [
            "{COMMODITY} prices {UPDOWN} on {DAY}, with the benchmark contract on the "
            "{EXCHANGE} closing at {PRICE} per {UNIT}, a change of {P1} from the previous "
            "session.",
            "Open interest stood at {VOL} contracts. {DRIVER_CAP} {WEIGHED} on the market, "
            "traders said.",
            "Market data is provided for information purposes only. Closing prices are "
            "compiled by the exchange and published at 5 p.m. local time each trading day.",
        ],
    ],
    "sports_results": [
        [
            "{CITYUP} ({OUTLET_SHORT}) -- Results from the {LEAGUE} on {DAY}:",
            "{TEAM1} {S1} {TEAM2} {S2} ({SCORER1} {MIN1}, {SCORER2} {MIN2})",
            "{TEAM3} {S3} {TEAM4} {S4} (Attendance: {ATT})",
            "{TEAM5} {S5} {TEAM6} {S6}",
            "Standings and fixtures are updated after every round. All times are local. "
            "Results are provisional until confirmed by the league.",
            "(Compiled by {REPORTER})",
        ],
        [
            "{TEAM1} beat {TEAM2} {S1}-{S2} in the {LEAGUE} on {DAY}, with {SCORER1} scoring "
            "in the {MIN1}th minute.",
            "In the other game of the day, {TEAM3} and {TEAM4} {DREW_OR_WON}.",
            "{TEAM1} are {POS} in the table with {PTS} points from {GAMES} games.",
            "This automated summary is based on official match data supplied by the league "
            "and is updated as results come in.",
        ],
    ],
}
_COMMODITIES = (
    ("Wheat", "bushel"),
    ("Corn", "bushel"),
    ("Soybean", "bushel"),
    ("Copper", "pound"),
    ("Cotton", "pound"),
    ("Cocoa", "tonne"),
    ("Coffee", "pound"),
    ("Palm oil", "tonne"),
    ("Crude oil", "barrel"),
    ("Sugar", "pound"),
)
_DRIVERS = (
    "weather forecasts for the growing region",
    "a stronger dollar",
    "weak export demand",
    "concerns about supply disruptions",
    "fund buying ahead of the weekend",
    "a government crop report",
    "rising inventories",
    "profit-taking after recent gains",
)


_OUTLET_SHORT = tuple(next(w for w in o.split() if w != "The") for o in OUTLETS)


def _person_name(rng: random.Random) -> str:
    return f"{_pick(rng, _FIRST_F if rng.random() < 0.5 else _FIRST_M)} {_last_name(rng)}"


def compose_brief(
    rng: random.Random,
    kind: str | None = None,
    *,
    style: int | None = None,
    shared: Mapping[str, str] | None = None,
) -> Story:
    """A short templated report (earnings, commodity prices, sports results).

    Reports of the same ``kind`` and ``style`` share their boilerplate sentences word for word
    but have different names and figures: different stories that look alike (hard negatives).
    ``shared`` may fix ``DAY``, ``OUTLET_SHORT``, ``CITYUP``, ``LEAGUE`` or ``EXCHANGE``.
    """
    if kind is None:
        kind = _pick(rng, BRIEF_KINDS)
    styles = _BRIEFS[kind]
    if style is None:
        style = int(rng.random() * len(styles))
    template = styles[style % len(styles)]
    adj = _country(rng)[1]
    up = rng.random() < 0.5
    s: dict[str, str] = {
        "CITYUP": _city(rng).upper(),
        "OUTLET_SHORT": _pick(rng, _OUTLET_SHORT),
        "DAY": _pick(rng, _WEEKDAYS[:5]),
        "REPORTER": _person_name(rng),
        "EDITOR": _person_name(rng),
        "UPDOWN": "rose" if up else "fell",
        "UPDOWN2": _pick(rng, ("up", "down")),
        "P1": f"{0.1 + rng.random() * 12:.1f} percent",
        "P2": f"{0.1 + rng.random() * 9:.1f} percent",
        "PRICE": f"${1 + rng.random() * 400:.2f}",
        "DATA_FIRM": _company(rng, ("Analytics", "Research", "Data"))[0],
        "EXCHANGE": f"{_city(rng)} Board of Trade",
        "LEAGUE": f"{adj} {_pick(rng, ('Premier League', 'First Division', 'Super League'))}",
    }
    s.update(shared or {})
    facts: dict[str, Any] = {
        "people": [s["REPORTER"], s["EDITOR"]],
        "places": [s["CITYUP"]],
        "orgs": [],
        "numbers": {},
    }
    if kind == "earnings":
        co, short = _company(rng)
        m1, m2 = 1 + rng.random() * 900, 1 + rng.random() * 900
        e1, e2 = rng.random() * 5, rng.random() * 5
        b1 = 0.2 + rng.random() * 20
        s.update(
            COMPANY=co,
            SHORT=short,
            TICKER=short[:4].upper() + "." + _pick(rng, "NKLV"),
            QUARTER=_pick(
                rng, ("first-quarter", "second-quarter", "third-quarter", "fourth-quarter")
            ),
            M1=f"${m1:.1f} million",
            M2=f"${m2:.1f} million",
            E1=f"${e1:.2f}",
            E2=f"${e2:.2f}",
            E3=f"${e1 + rng.random() * 0.3:.2f}",
            E4=f"${e1 + rng.random() * 0.4 - 0.2:.2f}",
            B1=f"${b1:.2f} billion",
            B2=f"${b1 * 3.6:.2f} billion",
            B3=f"${b1 * 4.1:.2f} billion",
            VERSUS=_pick(rng, ("above", "below", "in line with")),
            GUIDE=_pick(rng, ("raised", "cut", "reaffirmed")),
            PROFIT_DIR="rose" if m1 > m2 else "fell",
        )
        facts["orgs"] = [co]
        facts["numbers"] = {
            "net_income_m": round(m1, 1),
            "eps": round(e1, 2),
            "revenue_b": round(b1, 2),
        }
        title = f"{short} {s['QUARTER']} profit {'rises' if m1 > m2 else 'falls'} to {s['M1']}"
    elif kind == "commodities":
        com, unit = _pick(rng, _COMMODITIES)
        driver = _pick(rng, _DRIVERS)
        s.update(
            COMMODITY=com,
            UNIT=unit,
            CENTS=str(1 + int(rng.random() * 40)),
            VOL=f"{1000 * (5 + int(rng.random() * 300)):,}",
            VOL2=f"{1000 * (5 + int(rng.random() * 300)):,}",
            DRIVER=driver,
            DRIVER_CAP=_cap(driver),
            WEIGHED=_pick(rng, ("weighed", "also weighed")),
        )
        facts["orgs"] = [s["EXCHANGE"]]
        facts["numbers"] = {"price": s["PRICE"], "change": s["P1"]}
        title = f"{com} futures {s['UPDOWN']} {s['P1']} on {s['EXCHANGE']}"
    else:
        teams = [f"{_city(rng)} {_pick(rng, _MASCOTS)}" for _ in range(6)]
        for i, t in enumerate(teams, 1):
            s[f"TEAM{i}"] = t
            s[f"S{i}"] = str(int(rng.random() * rng.random() * 6))
        if int(s["S1"]) <= int(s["S2"]):
            s["S1"] = str(int(s["S2"]) + 1)
        s.update(
            SCORER1=_person_name(rng),
            SCORER2=_person_name(rng),
            MIN1=str(2 + int(rng.random() * 88)),
            MIN2=str(2 + int(rng.random() * 88)),
            ATT=f"{100 * (20 + int(rng.random() * 500)):,}",
            DREW_OR_WON=_pick(rng, ("drew 1-1", "drew 0-0", "drew 2-2")),
            POS=_pick(rng, ("first", "second", "third", "fourth", "fifth", "sixth")),
            PTS=str(3 + int(rng.random() * 70)),
            GAMES=str(5 + int(rng.random() * 30)),
        )
        facts["orgs"] = [*teams, s["LEAGUE"]]
        facts["people"] += [s["SCORER1"], s["SCORER2"]]
        facts["numbers"] = {"score": f"{s['S1']}-{s['S2']}"}
        title = f"{s['LEAGUE']} results for {s['DAY']}"
    paras = [p.format_map(s) for p in template]
    return Story(title, paras, f"brief:{kind}", facts, s, [])
