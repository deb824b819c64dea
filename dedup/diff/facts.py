"""Rule-based fact extraction from news text, and matching facts across two articles.

No model, no download: regular expressions over the original text (so every span is exact),
small word lists, and a few news conventions.

* **people**: a title (``Army Col.``, ``Cmdr.``, ``Prime Minister``, ``Secretary of State``,
  ``President`` ...) or a role (``Pentagon press secretary``, ``foreign ministry spokesman``)
  followed by a capitalised name; a name of two or more words before ``said``; and later bare
  surnames of anyone so introduced in either article (``Kadhimi``, ``Biden``).
* **organisations**: capitalised names ending in an organisation word (``... Commission``,
  ``Air Force``), ``Kata'ib ...`` names, a short list of well-known ones (``Pentagon``, ``CIA``),
  acronyms, and a nationality plus an institution (``the Iraqi military``).
* **places**: a gazetteer of countries, capitals and regional names, with patterns for
  ``X province``, ``province of X``, ``X oil field``, ``northeast X`` and datelines.
* **quantities**: digits and number words with their qualifier and what they count
  (``at least five``, ``four of its militiamen``, ``three other residents``, ``10 miles``).
* **dates and times**: weekdays, months with days and years, clock times, ``last year``.
* **quotes**: text in double quotes of three words or more (a quote left open runs to the end of
  its paragraph), with its speaker: the attribution after (``," Kirby said``) or before it, the
  sentence's subject for a quote inside a sentence, and ``he``/``she``/``the statement``
  resolved to the latest speaker.

Mentions are matched by variant: people by surname (``al-`` and apostrophes ignored, first
names must agree when both are given), organisations and places by normalised name (``Kata'ib``
= ``Kataib``), quantities by value and the noun counted, quotes by shared wording.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dedup.diff.report import Conflict, Fact, FactComparison, Overlap
from dedup.sentences import Sentence, split_paragraphs, split_sentences

__all__ = [
    "FactExtractor",
    "RuleExtractor",
    "compare_facts",
    "extract_facts",
    "number_values",
]


def _wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words``."""
    return frozenset(words.split())


# --- word lists ------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "dozen": 12,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
    "millions": 2_000_000,
    "billions": 2_000_000_000,
}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_QUALIFIERS = (
    r"at least|at most|more than|fewer than|less than|up to|as many as|as few as|about|around|"
    r"nearly|almost|roughly|approximately|some|over|under|only|just|early|mid|late"
)
_NP_STOP = _wordset(
    """a an the and or but of in on at to for with by from as than that which who whom whose
    was were is are be been being had has have will would could should may might can do did
    does such said says say told this these those there here it its their his her our your
    my when where while after before since until if because not no nor so then also very
    more most less least into onto over under about against between through during vs"""
)
_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DEMONYMS = (
    "Afghan|American|Arab|British|Chinese|Egyptian|French|German|Indian|Iranian|Iraqi|Israeli|"
    "Italian|Japanese|Jordanian|Kurdish|Lebanese|Pakistani|Palestinian|Russian|Saudi|Syrian|"
    "Turkish|Ukrainian|Yemeni|Qatari|Emirati|Kuwaiti|Libyan|Sudanese|Somali|Korean|Canadian|"
    "Mexican|Australian|European|African|Western|U\\.S\\."
)
_COUNTRIES = (
    "Afghanistan|Albania|Algeria|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|"
    "Bangladesh|Belarus|Belgium|Bolivia|Bosnia|Brazil|Bulgaria|Cambodia|Canada|Chad|Chile|China|"
    "Colombia|Congo|Croatia|Cuba|Cyprus|Czech Republic|Denmark|Ecuador|Egypt|Eritrea|Estonia|"
    "Ethiopia|Finland|France|Georgia|Germany|Ghana|Greece|Guatemala|Haiti|Honduras|Hungary|"
    "Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Japan|Jordan|Kazakhstan|Kenya|"
    "Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Libya|Lithuania|Malaysia|Mali|Mexico|"
    "Moldova|Mongolia|Morocco|Mozambique|Myanmar|Nepal|Netherlands|New Zealand|Nicaragua|"
    "Niger|Nigeria|North Korea|Norway|Oman|Pakistan|Palestine|Panama|Paraguay|Peru|"
    "Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Serbia|Singapore|"
    "Slovakia|Somalia|South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Sweden|"
    "Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Tunisia|Turkey|Turkmenistan|Uganda|"
    "Ukraine|United Arab Emirates|United Kingdom|Britain|United States|Uruguay|Uzbekistan|"
    "Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|Gaza|West Bank|Crimea|Kurdistan|Europe|Asia|"
    "Africa|Middle East|Persian Gulf|Gulf|West Germany|East Germany|Soviet Union|Far East|"
    "Latin America|North America|South America|Southeast Asia|Western Europe|Eastern Europe|"
    "Ivory Coast|Zaire|Burma|Hong Kong|Puerto Rico|Alabama|Alaska|Arizona|Arkansas|California|"
    "Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|"
    "Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|"
    "Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|"
    "Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|"
    "Vermont|Virginia|West Virginia|Wisconsin|Wyoming"
)
_CITIES = (
    "Washington|New York|Los Angeles|Chicago|London|Paris|Berlin|Rome|Madrid|Moscow|Kyiv|Kiev|"
    "Beijing|Tokyo|Seoul|Delhi|New Delhi|Mumbai|Islamabad|Kabul|Tehran|Baghdad|Basra|Mosul|"
    "Irbil|Erbil|Kirkuk|Najaf|Karbala|Fallujah|Ramadi|Tikrit|Sulaimaniyah|Diyala|Anbar|"
    "Nineveh|Damascus|Aleppo|Homs|Idlib|Raqqa|Deir el-Zour|Deir ez-Zor|Beirut|Amman|Jerusalem|"
    "Tel Aviv|Cairo|Riyadh|Jeddah|Doha|Dubai|Abu Dhabi|Ankara|Istanbul|Geneva|Brussels|Vienna|"
    "Sanaa|Aden|Tripoli|Benghazi|Khartoum|Nairobi|Lagos|Johannesburg|Toronto|Ottawa|Sydney|"
    "Canberra|Manila|Jakarta|Bangkok|Hanoi|Taipei|Hong Kong|Shanghai|Minsk|Warsaw|Prague|"
    "Budapest|Athens|Lisbon|Dublin|Stockholm|Oslo|Copenhagen|Helsinki|Baku|Yerevan|Tbilisi|"
    "Houston|Dallas|Boston|Detroit|Atlanta|San Francisco|Philadelphia|Pittsburgh|Denver|"
    "Des Moines|St. Louis|Minneapolis|Kansas City|Wall Street|Frankfurt|Zurich|Milan|Amsterdam|"
    "Osaka|Singapore|Kuala Lumpur|Buenos Aires|Sao Paulo|Rio de Janeiro|Mexico City|Caracas|"
    "Lima|Bogota|Santiago|Montreal|Vancouver|Melbourne|Wellington|Bonn|Luxembourg|Rotterdam"
)
_KNOWN_ORGS = (
    "Pentagon|White House|Kremlin|State Department|Congress|Senate|Parliament|United Nations|"
    "European Union|NATO|CIA|FBI|NSA|Hezbollah|Hamas|Taliban|al-Qaida|al-Qaeda|Islamic State|"
    "ISIS|ISIL|Houthis|Telegram|Twitter|Facebook|Reuters|Associated Press|Red Cross|Red Crescent"
)
_CORP_SUFFIXES = r"(?:Inc|Corp|Co|Cos|Ltd|Plc|PLC|AG|SA|S\.A|NV|N\.V|SpA|GmbH|BV|Bhd|Pty)\.?"
_ORG_HEADS = (
    "Commission|Committee|Council|Ministry|Department|Agency|Party|Front|Brigades?|Forces|"
    "Force|Guard|Corps|Coalition|Organi[sz]ation|Authority|Bureau|Parliament|Congress|Senate|"
    "University|Institute|Company|Group|Movement|Units|Association|Union|Bank|Fund|Court|"
    "Command|Hezbollah|Army|Navy|News|Times|Post|Agency|Network|Foundation|Exchange|Securities|"
    "Research|Analytics|Data|Partners|Investors|Airlines|Airways|Cent(?:er|re)|Journal|Board|"
    "Community|System|Policy|Workers|Expo|Record|Sentinel|Courier|Gazette|Herald|Tribune|Daily|"
    "Institutions|Churches|Leasing|Trust|Capital|Industries|Brothers|Holdings|Financial|Oil|"
    "Energy|Motors|Services|Systems|Program|Administration|Laboratories|Pharmaceuticals|"
    f"{_CORP_SUFFIXES}"
)
_INSTITUTIONS = (
    r"military|government|army|navy|parliament|foreign ministry|defense ministry|interior "
    r"ministry|state media|security forces|police|authorities|embassy|judiciary|cabinet"
)
_TITLES = (
    r"(?:Lt\.|Maj\.|Brig\.|Rear|Vice)\s+(?:Gen\.|Adm\.)|Lt\.\s+Col\.|Col\.|Lt\.|Gen\.|Maj\.|"
    r"Capt\.|Cmdr\.|Cdr\.|Adm\.|Sgt\.|Cpl\.|Pvt\.|Sen\.|Rep\.|Gov\.|Mr\.|Mrs\.|Ms\.|Dr\.|"
    r"Prof\.|Rev\.|Vice President|President|Deputy Prime Minister|Prime Minister|"
    r"Secretary of State|Secretary of Defense|Defense Secretary|Foreign Minister|"
    r"Defense Minister|Interior Minister|Minister|Secretary|Senator|Representative|Governor|"
    r"Mayor|Ambassador|Chancellor|King|Queen|Prince|Pope|Supreme Leader|Ayatollah|Sheikh|"
    r"Judge|Justice|General|Colonel|Captain|Commander|Admiral|Sergeant|Lieutenant|Chairman|"
    r"Chairwoman|Speaker|Sens\.|Reps\.|Leader|Commissioner|Treasurer|Chief Executive Officer|"
    r"Chief Financial Officer|Chief Operating Officer|Chief Executive|Executive Director|Director"
)
_BRANCH = r"(?:Army|Navy|Air Force|Marine Corps|Marine|Coast Guard)"
_ROLES = (
    r"spokesman|spokeswoman|spokesperson|press secretary|secretary|minister|leader|official|"
    r"commander|aide|governor|ambassador|envoy|chief|director|adviser|advisor|analyst|"
    r"lawmaker|senator|general|president|chairman|head|mayor|researcher|expert|professor|"
    r"economist|trader|strategist|manager|officer|executive|representative|chairwoman|partner|"
    r"founder|owner|treasurer|editor|broker|dealer|member"
)
_SAY = (
    r"said|says|say|told|added|asked|wrote|stated|declared|insisted|warned|argued|explained|"
    r"noted|continued|replied|tweeted|announced|acknowledged|recalled|urged"
)
_SPEECH_VERBS = (
    _SAY + r"|rejected|described|called|accused|denied|condemned|demanded|vowed|promised|"
    r"claimed|reiterated|stressed|pledged|threatened"
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "the statement", "the ministry", "the group"})

# --- regular expressions -----------------------------------------------------------------------

_NAME_TOKEN = r"(?:(?:al|el|bin|ibn|de|van|von|da|di|le)-)?[A-Z][A-Za-z]+(?:[-'\u2019][A-Za-z]+)*"
_NAME = rf"{_NAME_TOKEN}(?:[ ]+(?:[A-Z]\.[ ]+)?{_NAME_TOKEN}){{0,3}}"
_NAME2 = rf"{_NAME_TOKEN}(?:[ ]+(?:[A-Z]\.[ ]+)?{_NAME_TOKEN}){{1,3}}"
_CAPWORD = r"(?:(?:[A-Z]\.){2,}|(?:(?:al|el)-)?[A-Z][\w'\u2019-]*)"

_RE_TITLED = re.compile(rf"\b(?:{_BRANCH}\s+)?(?:{_TITLES})\s+(?P<name>{_NAME})")
_RE_ROLE = re.compile(rf"\b(?:{_ROLES})[ ]+(?P<name>{_NAME2})")
_RE_ROLE_PREFIX = re.compile(
    r"(?:(?<![\w'-])(?!(?:the|a|an|in|of|and|said|by|for|to|on|at|with|from|as)\b)"
    r"[A-Za-z][\w'-]*[ ]+){1,3}$"
)
_RE_SAYER = re.compile(rf"(?P<name>{_NAME2})\s+(?:{_SAY})\b")
_RE_SAID_NAME = re.compile(rf"\b(?:{_SAY})[ ]+(?P<name>{_NAME2})(?![\w-])")
_RE_APPOSITION = re.compile(  # "Jane Roe, a senior analyst at ...", "Jane Roe, who ...", age
    rf"(?P<name>{_NAME2}),[ ]+(?:who\b|\d{{2}},|(?:(?:a|an|the|its|his|her|their|current|"
    rf"former|new|then)[ ]+)?(?:[A-Z][\w.&'\u2019-]*[ ]+){{0,3}}(?:[a-z][\w-]*[ ]+){{0,3}}"
    rf"(?:{_ROLES})\b)"
)
_RE_INITIAL_NAME = re.compile(  # a middle initial makes a name: "John Q. Public"
    rf"(?<![\w.-])(?P<name>{_NAME_TOKEN}[ ]+[A-Z]\.[ ]+{_NAME_TOKEN})(?![\w-])"
)
_UNCUED = (_RE_SAYER, _RE_SAID_NAME, _RE_APPOSITION, _RE_INITIAL_NAME)
_RE_ADMIN = re.compile(rf"\bthe\s+(?P<name>{_NAME_TOKEN})\s+administration\b")
_RE_ORG_HEAD = re.compile(rf"(?<![\w-])(?:{_ORG_HEADS})(?![\w-])")
_RE_ORG_NAME_BEFORE = re.compile(
    rf"(?<![\w-])(?:{_CAPWORD}[ ]+(?:(?:of|for|and)[ ]+)?){{0,5}}?(?:{_CAPWORD}[ ]+)$"
)
_RE_ORG_MORE = re.compile(  # further words of the same name: "Nomura Securities Co. Ltd."
    rf"(?:[ ]+(?:(?:of|for|and|&)[ ]+)?{_CAPWORD}){{0,3}}[ ]+(?:{_ORG_HEADS})(?![\w-])"
)
_RE_CORP_MORE = re.compile(rf"[ ]+{_CORP_SUFFIXES}(?![\w-])")
_RE_ORG_OF = re.compile(  # "Ministry of Finance", "Bank of America", "Court of Appeals"
    rf"[ ]+of[ ]+(?:the[ ]+)?{_CAPWORD}(?:[ ]+(?:and[ ]+)?{_CAPWORD}){{0,2}}(?![\w-])"
)
_RE_BRACKET_NAME = re.compile(r"<(?P<name>[A-Z][^<>\n]{0,60}?[a-z][^<>\n]{0,60}?)>")
_RE_CORP_SUFFIX = re.compile(rf"(?:[ ]+{_CORP_SUFFIXES})+$")
_LEADING_WORDS = _wordset(
    """The A An In On At But And By For After Before Between Under Overall Because Since Until
    During Despite With From To Also Meanwhile Separately Earlier Later While When If As It
    This That Some Several Like Including Unlike Although Though Both Only Even Then"""
)
_RE_WORD = re.compile(r"(\w+)[ ]+")
_RE_KATAIB = re.compile(rf"\bKata['\u2019]?ib(?:[ ]+{_CAPWORD}){{1,3}}")
_RE_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_RE_DEMONYM_ORG = re.compile(rf"\b(?:{_DEMONYMS})\s+(?:{_INSTITUTIONS})\b")
_RE_CAP_RUN = re.compile(r"(?<![\w-])[A-Z][A-Za-z]*(?:[ ][A-Z][A-Za-z]*)*(?![\w-])")
_RE_DIRECTION = re.compile(
    r"(?<![\w-])(?:north|south|east|west|northeast|northwest|southeast|southwest|northern|"
    r"southern|eastern|western|central)[ ]+$"
)
_PLACE_NAMES = frozenset(n.lower() for n in f"{_COUNTRIES}|{_CITIES}".split("|"))
_ORG_NAMES = frozenset(n.lower() for n in _KNOWN_ORGS.split("|") if " " in n or n.isalpha())
_RE_PLACE_SUFFIX = re.compile(
    rf"(?<![\w-])(?:{_CAPWORD}[ ]+){{0,2}}{_CAPWORD}[ ]+(?:province|region|oil field|airport|"
    rf"border|governorate|district|city|base|air base|plant|River|Valley|County|Island)\b"
)
_RE_PLACE_PREFIX = re.compile(  # "Lake Orvane", "Port Salvet", "Upper Casmouth"
    rf"(?<![\w-])(?:Lake|Port|Fort|Upper|Lower|New|San|Santa|Mount|Cape)[ ]+{_CAPWORD}(?![\w-])"
)
_RE_PLACE_OF = re.compile(rf"\b(?:province|region|city|town|village) of (?P<name>{_CAPWORD})")
_RE_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_RE_MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?"
    r"(?:,?\s+\d{4}\b)?"
)
_RE_TIME = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\bnoon\b|"
    r"\bmidnight\b"
)
_RE_YEAR = re.compile(r"(?<![\w$.,-])(?:19|20)\d{2}(?![\w%,.-]\w)")
_RE_RELATIVE = re.compile(
    r"\b(?:last|next|this)\s+(?:year|week|month|night|weekend|spring|summer|fall|autumn|"
    r"winter)\b|\byesterday\b|\btoday\b|\btonight\b",
    re.IGNORECASE,
)
_NUMBER_WORD_RE = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_RE_NUMBER = re.compile(
    rf"(?<![\w.$-])(?P<num>\$?\d[\d,]*(?:\.\d+)?(?:%|s\b)?(?![\w-])|(?:{_NUMBER_WORD_RE})"
    rf"(?:[\s-]+(?:and\s+)?(?:{_NUMBER_WORD_RE}))*\b(?!-))",
    re.IGNORECASE,
)
_RE_QUALIFIER = re.compile(rf"\b(?P<qual>{_QUALIFIERS})\s+$", re.IGNORECASE)
_RE_NP_WORD = re.compile(r"[ \t]+([A-Za-z][\w'-]*)")  # what a number counts: same line
_RE_OF_DET = re.compile(r"\s+of\s+(?:its|the|their|his|her|our|those|these|them)\b")
_RE_QUOTE_CHAR = re.compile('["\u201c\u201d]')
_RE_AFTER_SPEAKER = re.compile(rf"^[\s,]*(?P<spk>[^.,;:\"\u201c\u201d!?]{{1,90}}?)\s+(?:{_SAY})\b")
_RE_AFTER_VERB = re.compile(
    rf"^[\s,]*(?:{_SAY})\s+(?P<spk>(?:the\s+)?{_NAME}|the\s+[a-z]+(?:\s+[a-z]+)?)"
)
_RE_BEFORE_SAY = re.compile(
    rf"(?P<spk>\b[A-Za-z][^.,;:\"\u201c\u201d]{{0,80}}?)\s+(?:{_SAY})(?:\s+\w+){{0,2}}\s*[:,]?\s*$"
)
_RE_SUBJECT = re.compile(
    rf"(?P<spk>(?:\bthe\s+)?(?:[A-Z][\w'.-]*\s+){{0,4}}(?:[A-Z][\w'.-]*|military|government|"
    rf"ministry|statement|spokesman|spokeswoman|official|officials|police|army))\s+"
    rf"(?:{_SPEECH_VERBS})\b"
)


_RE_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Case-folded, accent- and apostrophe-free, single-spaced form of ``text``."""
    if not text.isascii():
        text = _RE_COMBINING.sub("", unicodedata.normalize("NFKD", text))
    text = re.sub(r"['\u2019\u2018`]", "", text.casefold())
    return " ".join(re.sub(r"[^\w.-]+", " ", text).split())


def _name_words(name: str) -> list[str]:
    """Name tokens folded, with ``al-``-style particles and possessives removed."""
    words = []
    for w in _fold(name).split():
        w = re.sub(r"^(?:al|el)-", "", w).rstrip(".")
        if (
            w.endswith("s")
            and name.rstrip().endswith(("'s", "\u2019s"))
            and w == _fold(name).split()[-1]
        ):
            w = w[:-1]
        if w:
            words.append(w)
    return words


def _strip_possessive(text: str, start: int, end: int) -> int:
    """End offset of ``text[start:end]`` without a trailing ``'s``."""
    if text[start:end].endswith(("'s", "\u2019s")):
        return end - 2
    return end


def number_values(text: str) -> list[float]:
    """Every number ``text`` states, digits or words (``four`` → 4, ``1,000`` → 1000)."""
    values: list[float] = []
    for m in _RE_NUMBER.finditer(text):
        value = _parse_number(m.group("num"))
        if value is not None:
            values.append(value)
    return values


def _parse_number(raw: str) -> float | None:
    raw = raw.strip().lower().lstrip("$").rstrip("%")
    if raw and raw[0].isdigit():
        raw = raw[:-1] if raw.endswith("s") else raw
        try:
            return float(raw.replace(",", ""))
        except ValueError:
            return None
    total, current = 0.0, 0.0
    found = False
    for word in re.split(r"[\s-]+", raw):
        if word == "and" or not word:
            continue
        if word not in _NUMBER_WORDS:
            return None
        found = True
        if word in _SCALE and current:
            current *= _SCALE[word]
            if _SCALE[word] >= 1000:
                total += current
                current = 0.0
        else:
            current += _NUMBER_WORDS[word]
    return total + current if found else None


# --- extraction ------------------------------------------------------------------------------


@dataclass
class _Mention:
    kind: str
    start: int
    end: int
    key: str
    sentence: int
    first: str = ""  # first name of a person, if known
    value: float | None = None
    speaker: str | None = None
    speaker_key: str | None = None
    speaker_inferred: bool = False


class _Doc:
    """One text with its sentences, the mentions found so far and the spans they occupy."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences: list[Sentence] = split_sentences(text)
        self.mentions: list[_Mention] = []
        self._starts: list[int] = []  # taken spans, sorted and disjoint
        self._ends: list[int] = []

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence containing offset ``pos`` (the last one starting before)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].start <= pos:
                lo = mid + 1
            else:
                hi = mid
        return max(lo - 1, 0)

    def free(self, start: int, end: int) -> bool:
        """Whether no earlier (higher-priority) mention overlaps ``[start, end)``."""
        i = bisect.bisect_left(self._starts, end)  # spans starting before ``end``
        return i == 0 or self._ends[i - 1] <= start

    def add(self, kind: str, start: int, end: int, key: str, **extra: object) -> bool:
        """Record a mention unless it overlaps a taken span; returns whether it was added.

        Quotes may contain other mentions, so they neither check nor take spans.
        """
        while end > start and self.text[end - 1] in " ,.;:":
            if self.text[end - 1] == "." and re.search(r"\b(?:[A-Za-z]\.)+$", self.text[start:end]):
                break
            end -= 1
        if end <= start or not key:
            return False
        if kind != "quote":
            if not self.free(start, end):
                return False
            i = bisect.bisect_left(self._starts, start)
            self._starts.insert(i, start)
            self._ends.insert(i, end)
        self.mentions.append(_Mention(kind, start, end, key, self.sentence_of(start), **extra))  # type: ignore[arg-type]
        return True


def _known(name: str, names: frozenset[str]) -> bool:
    return name.lower() in names


def _gazetteer(text: str, names: frozenset[str], max_words: int = 4) -> list[tuple[int, int]]:
    """Spans of the longest names from ``names`` within runs of capitalised words."""
    found = []
    for run in _RE_CAP_RUN.finditer(text):
        words = [(w.start(), w.end()) for w in re.finditer(r"\S+", run.group())]
        i = 0
        while i < len(words):
            for n in range(min(max_words, len(words) - i), 0, -1):
                start, end = run.start() + words[i][0], run.start() + words[i + n - 1][1]
                if text[start:end].lower() in names:
                    found.append((start, end))
                    i += n
                    break
            else:
                i += 1
    return found


def _person_key(name: str) -> tuple[str, str]:
    words = _name_words(name)
    if not words:
        return "", ""
    return words[-1], (words[0] if len(words) > 1 else "")


def _extract_people(doc: _Doc, surnames: dict[str, str]) -> None:
    text = doc.text
    for regex in (_RE_TITLED, _RE_ROLE, *_UNCUED):
        for m in regex.finditer(text):
            name_end = _strip_possessive(text, m.start("name"), m.end("name"))
            name = text[m.start("name") : name_end]
            if (
                _gazetteer(name, _ORG_NAMES)
                or _known(name, _PLACE_NAMES)
                or name.split()[0] in ("The", "A", "An", "This", "That", "In", "On", "At")
            ):
                continue
            if regex in _UNCUED and (
                _RE_ORG_HEAD.search(name)
                or _gazetteer(name, _PLACE_NAMES)
                or _RE_WEEKDAY.search(name)
                or _RE_KATAIB.match(name)
            ):
                continue
            key, first = _person_key(name)
            start = m.start() if regex not in _UNCUED else m.start("name")
            if regex is _RE_ROLE:  # take in the words before the role: "Pentagon press ..."
                prefix = _RE_ROLE_PREFIX.search(text, max(0, start - 60), start)
                start = prefix.start() if prefix else start
            if doc.add("person", start, name_end, key, first=first):
                surnames.setdefault(key, first)
    for m in _RE_ADMIN.finditer(text):
        key, _ = _person_key(m.group("name"))
        if key in surnames or not _known(m.group("name"), _PLACE_NAMES):
            doc.add("person", m.start("name"), m.end("name"), key)


def _extract_surnames(doc: _Doc, surnames: dict[str, str]) -> None:
    """Bare mentions of surnames introduced by a full name in either article."""
    if not surnames:
        return
    for m in re.finditer(rf"\b{_NAME_TOKEN}\b", doc.text):
        end = _strip_possessive(doc.text, m.start(), m.end())
        key, _ = _person_key(doc.text[m.start() : end])
        if key in surnames:
            doc.add("person", m.start(), end, key)


def _skip_leading(text: str, start: int, limit: int) -> int:
    """``start`` moved past capitalised function words ("The", "Under" ...) that begin a
    name only because they begin its sentence, up to ``limit`` at most."""
    while (w := _RE_WORD.match(text, start)) and w.group(1) in _LEADING_WORDS and w.end() <= limit:
        start = w.end()
    return start


def _org_key(text: str) -> str:
    """Folded name without a leading "the" or trailing company suffixes ("Acme Co Ltd": acme)."""
    bare = _RE_CORP_SUFFIX.sub("", text.strip().rstrip(".,"))
    return re.sub(r"^the\s+", "", _fold(bare or text))


def _extract_orgs(doc: _Doc) -> None:
    text = doc.text
    for m in _RE_KATAIB.finditer(text):
        doc.add("org", m.start(), m.end(), _org_key(m.group()))
    for m in _RE_DEMONYM_ORG.finditer(text):
        doc.add("org", m.start(), m.end(), _org_key(m.group()))
    for m in _RE_BRACKET_NAME.finditer(text):  # Reuters marks unlisted companies "<Acme Co>"
        doc.add("org", m.start("name"), m.end("name"), _org_key(m.group("name")))
    for m in _RE_ORG_HEAD.finditer(text):
        end = m.end()
        while more := (_RE_CORP_MORE if text[end - 1] == "." else _RE_ORG_MORE).match(text, end):
            end = more.end()  # after "Co." only a suffix goes on: "Co. Ltd.", not "Co. The"
        of = _RE_ORG_OF.match(text, end)
        name = _RE_ORG_NAME_BEFORE.search(text, max(0, m.start() - 100), m.start())
        if name is None and of is None:
            continue  # a bare "Army", "Group" ... is not a name
        start = name.start() if name is not None else m.start()
        start = _skip_leading(text, start, m.start())
        end = of.end() if of is not None else end
        doc.add("org", start, end, _org_key(text[start:end]))
    for start, end in _gazetteer(text, _ORG_NAMES):
        doc.add("org", start, end, _org_key(text[start:end]))
    for m in _RE_ACRONYM.finditer(text):
        sent = doc.sentences[doc.sentence_of(m.start())] if doc.sentences else None
        if sent is not None and sent.kind == "dateline":
            continue
        doc.add("org", m.start(), m.end(), _org_key(m.group()))


def _extract_places(doc: _Doc) -> None:
    text = doc.text
    for sent in doc.sentences:
        if sent.kind == "dateline":
            m = re.match(r"[A-Z][A-Z .'-]*[A-Z]", sent.text)
            if m:
                doc.add("place", sent.start, sent.start + m.end(), _fold(m.group()))
    for m in _RE_PLACE_SUFFIX.finditer(text):
        start = m.start()
        poss = re.search(r".*['\u2019]s[ ]+", m.group())
        if poss:  # "Iraq's Irbil province": the place is Irbil province
            start += poss.end()
        start = _skip_leading(text, start, m.end() - 1)
        doc.add("place", start, m.end(), _fold(text[start : m.end()]))
    for m in _RE_PLACE_PREFIX.finditer(text):
        if m.group().split()[-1] not in _LEADING_WORDS:
            doc.add("place", m.start(), m.end(), _fold(m.group()))
    for m in _RE_PLACE_OF.finditer(text):
        doc.add("place", m.start("name"), m.end("name"), _fold(m.group("name")))
    for start, end in _gazetteer(text, _PLACE_NAMES):
        direction = _RE_DIRECTION.search(text, max(0, start - 12), start)
        if direction:
            start = direction.start()
        doc.add("place", start, end, _fold(text[start:end]))


def _date_key(text: str) -> str:
    key = _fold(text).replace(" local time", "")
    for abbr, month in (
        ("jan.", "january"),
        ("feb.", "february"),
        ("aug.", "august"),
        ("sept.", "september"),
        ("sep.", "september"),
        ("oct.", "october"),
        ("nov.", "november"),
        ("dec.", "december"),
    ):
        key = key.replace(abbr, month)
    return key


def _extract_dates(doc: _Doc) -> None:
    for regex in (_RE_TIME, _RE_MONTH, _RE_WEEKDAY, _RE_RELATIVE, _RE_YEAR):
        for m in regex.finditer(doc.text):
            if (
                regex is _RE_MONTH
                and m.group() == "May"
                and not re.match(r"\s+\d", doc.text[m.end() :])
            ):
                continue
            doc.add("date", m.start(), m.end(), _date_key(m.group()))


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        return word[:-1]
    return word


def _extract_quantities(doc: _Doc) -> None:
    text = doc.text
    for m in _RE_NUMBER.finditer(text):
        num = m.group("num")
        value = _parse_number(num)
        if value is None:
            continue
        start, end = m.start(), m.end()
        lower = num.lower()
        before = text[max(0, m.start("num") - 12) : m.start("num")].lower()
        if lower == "one" and (
            re.search(r"\b(?:no|any|every|each|some|the)\s+$", before)
            or re.match(
                r"\s+(?:another|such|of\s+(?:the|its|their|them|those|these))\b", text[end:]
            )
        ):
            continue
        qualifier = _RE_QUALIFIER.search(text, max(0, start - 20), start)
        if qualifier and (
            qualifier.group("qual").lower() not in ("early", "mid", "late") or lower.endswith("s")
        ):  # "early" only for ages: "early 20s"
            start = qualifier.start()
        head = ""
        of = _RE_OF_DET.match(text, end)
        if of:
            end = of.end()
        words = 0
        pos = end
        while words < 3:
            w = _RE_NP_WORD.match(text, pos)
            if not w or w.group(1).lower() in _NP_STOP or w.group(1)[0].isdigit():
                break
            word = w.group(1)
            if word.endswith("ed") and "-" not in word:
                break
            pos, head, words = w.end(), word, words + 1
            if word.lower().endswith("s") and not word.lower().endswith(("ss", "us")):
                break
        end = m.end() if of and not head else pos
        doc.add("quantity", start, end, f"{value:g}|{_singular(head)}", value=value)


def _quote_spans(doc: _Doc) -> list[tuple[int, int]]:
    """Content spans of double-quoted passages, per paragraph; an open quote runs to its end."""
    spans: list[tuple[int, int]] = []
    for para in split_paragraphs(doc.text):
        opened: int | None = None
        for m in _RE_QUOTE_CHAR.finditer(para.text):
            ch, pos = m.group(), para.start + m.start()
            if opened is None and ch != "\u201d":
                opened = pos + 1
            elif opened is not None and ch != "\u201c":
                spans.append((opened, pos))
                opened = None
        if opened is not None:
            spans.append((opened, para.end))
    return spans


def _speaker_mention(doc: _Doc, start: int, end: int) -> _Mention | None:
    """The person or organisation mention inside ``[start, end)`` (the last one)."""
    found = [
        m for m in doc.mentions if m.kind in ("person", "org") and m.start >= start and m.end <= end
    ]
    return found[-1] if found else None


def _resolve(
    doc: _Doc,
    start: int,
    end: int,
    last: tuple[str, str] | None,
) -> tuple[str, str] | None:
    """(speaker text, speaker key) for the speaker phrase ``doc.text[start:end]``."""
    phrase = doc.text[start:end].strip()
    low = phrase.lower()
    if low in _PRONOUNS or low.startswith(("the statement", "the group")):
        return last
    mention = _speaker_mention(doc, start, end)
    if mention is not None:
        return _display(doc, mention), f"{mention.kind}:{mention.key}"
    if not phrase or (phrase[0].islower() and not low.startswith("the ")):
        return None
    return phrase, "phrase:" + _org_key(phrase)


def _display(doc: _Doc, mention: _Mention) -> str:
    """The fullest text of the mention's entity (``Prime Minister Mustafa al-Kadhimi``)."""
    same = [m for m in doc.mentions if m.kind == mention.kind and m.key == mention.key]
    best = max(same, key=lambda m: (m.end - m.start, -m.start))
    return doc.text[best.start : best.end]


def _first_person_before(doc: _Doc, pos: int) -> tuple[str, str] | None:
    """The first person of the latest sentence before ``pos`` that names one."""
    sent = doc.sentence_of(pos)
    for idx in range(sent, -1, -1):
        people = sorted(
            (m for m in doc.mentions if m.kind == "person" and m.sentence == idx and m.start < pos),
            key=lambda m: m.start,
        )
        if people:
            return _display(doc, people[0]), f"person:{people[0].key}"
    return None


def _attribution(
    doc: _Doc,
    q0: int,
    close: int,
    last: tuple[str, str] | None,
) -> tuple[tuple[str, str] | None, bool]:
    """Who says the quote ``doc.text[q0:close]`` (attribution after it, else before it), and
    whether that speaker is named there rather than guessed from a pronoun."""
    text = doc.text
    after = text[close : close + 120].split("\n", 1)[0]
    m = _RE_AFTER_VERB.match(after) or _RE_AFTER_SPEAKER.match(after)
    if m and m.end("spk") > m.start("spk"):
        phrase = m.group("spk").strip().lower()
        if phrase in ("he", "she"):
            return _first_person_before(doc, q0) or last, False
        named = phrase not in _PRONOUNS
        return _resolve(doc, close + m.start("spk"), close + m.end("spk"), last), named
    sent = doc.sentences[doc.sentence_of(q0)] if doc.sentences else None
    lead_start = sent.start if sent is not None and sent.start < q0 else q0
    lead = text[lead_start : max(lead_start, q0 - 1)]
    b = _RE_BEFORE_SAY.search(lead) or _RE_SUBJECT.search(lead)
    if b:
        named = b.group("spk").strip().lower() not in _PRONOUNS
        return _resolve(doc, lead_start + b.start("spk"), lead_start + b.end("spk"), last), named
    return None, False


def _extract_quotes(doc: _Doc) -> None:
    text = doc.text
    last: tuple[str, str] | None = None
    last_paragraph = -2
    for q0, q1 in _quote_spans(doc):
        content = text[q0:q1]
        if len(re.findall(r"\w+", content)) < 3:
            continue
        close = q1 + 1 if q1 < len(text) and _RE_QUOTE_CHAR.match(text, q1) else q1
        paragraph = doc.sentences[doc.sentence_of(q0)].paragraph if doc.sentences else 0
        who, named = _attribution(doc, q0, close, last)
        if who is None and paragraph - last_paragraph <= 1:
            who = last  # a quote that goes on from the previous one
        end = q1
        while end > q0 and text[end - 1] in " ,":
            end -= 1
        spk, spk_key = who if who else (None, None)
        doc.add(
            "quote",
            q0,
            end,
            " ".join(re.findall(r"\w+", _fold(content))),
            speaker=spk,
            speaker_key=spk_key,
            speaker_inferred=who is not None and not named,
        )
        if who is not None:
            last, last_paragraph = who, paragraph


class FactExtractor(ABC):
    """Interface of a fact extractor: facts of one text, or of a pair (one per distinct fact).

    Subclasses implement :meth:`extract`; :meth:`extract_pair` lets an extractor share what it
    learns from one article with the other (the rule extractor shares surnames).
    """

    name = "base"

    @abstractmethod
    def extract(self, text: str) -> list[Fact]:
        """Facts stated by ``text``."""

    def extract_pair(self, text_a: str, text_b: str) -> tuple[list[Fact], list[Fact]]:
        """Facts stated by each of two texts."""
        return self.extract(text_a), self.extract(text_b)


class RuleExtractor(FactExtractor):
    """The default extractor: rules and word lists, no model (see the module docs)."""

    name = "rules"

    def extract(self, text: str) -> list[Fact]:
        """Facts stated by ``text``, deduplicated: one per person, place, quote, ..."""
        return _facts(_run([_Doc(text)])[0])

    def extract_pair(self, text_a: str, text_b: str) -> tuple[list[Fact], list[Fact]]:
        """Facts of both texts; a surname introduced in either is recognised in both."""
        doc_a, doc_b = _run([_Doc(text_a), _Doc(text_b)])
        return _facts(doc_a), _facts(doc_b)


def _run(docs: list[_Doc]) -> list[_Doc]:
    """Run every extractor over ``docs``, in priority order (earlier ones claim their spans)."""
    surnames: dict[str, str] = {}
    for doc in docs:
        _extract_dates(doc)
        _extract_people(doc, surnames)
    for doc in docs:
        _extract_orgs(doc)
        _extract_places(doc)
        _extract_surnames(doc, surnames)
        _extract_quantities(doc)
        _extract_quotes(doc)
    return docs


def _facts(doc: _Doc) -> list[Fact]:
    """One fact per distinct (kind, key): its fullest mention (persons) or its first."""
    groups: dict[tuple[str, str], list[_Mention]] = {}
    for m in sorted(doc.mentions, key=lambda m: m.start):
        key = m.key if m.kind != "quote" else f"{m.key}@{m.start}"
        groups.setdefault((m.kind, key), []).append(m)
    facts = []
    for (kind, _), ms in groups.items():
        best = max(ms, key=lambda m: (m.end - m.start, -m.start)) if kind == "person" else ms[0]
        facts.append(
            Fact(
                kind=kind,
                text=doc.text[best.start : best.end],
                start=best.start,
                end=best.end,
                sentence=_sentence_text(doc, best),
                key=best.key if kind != "person" or not best.first else f"{best.key}|{best.first}",
                speaker=best.speaker,
                speaker_key=best.speaker_key,
                value=best.value,
                speaker_inferred=best.speaker_inferred,
            )
        )
    facts.sort(key=lambda f: f.start)
    return facts


def _sentence_text(doc: _Doc, m: _Mention) -> str:
    """The sentence(s) a mention comes from (a quote may span several)."""
    if not doc.sentences:
        return ""
    first, last = doc.sentences[m.sentence], doc.sentences[doc.sentence_of(m.end - 1)]
    return doc.text[first.start : max(first.end, last.end)]


def extract_facts(text: str, extractor: FactExtractor | None = None) -> list[Fact]:
    """Facts stated by one text, with the default :class:`RuleExtractor`."""
    return (extractor or RuleExtractor()).extract(text)


# --- comparison ------------------------------------------------------------------------------


class _WordIndex:
    """An article's folded words, indexed for "does it say these words in a row" look-ups."""

    def __init__(self, text: str) -> None:
        self.words = _words(text)
        self.positions: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self.positions.setdefault(w, []).append(i)

    def __contains__(self, word: str) -> bool:
        return word in self.positions

    def says(self, needle: Sequence[str]) -> bool:
        """Whether ``needle`` occurs as consecutive words."""
        if not needle:
            return False
        n = len(needle)
        return any(self.words[i : i + n] == list(needle) for i in self.positions.get(needle[0], ()))

    def says_nearly(self, needle: Sequence[str]) -> bool:
        """Whether ``needle`` occurs as consecutive words, each the same or a typo of it."""
        n = len(needle)
        return n > 0 and any(
            all(_typo(w, self.words[i + k]) for k, w in enumerate(needle))
            for i in range(len(self.words) - n + 1)
        )


_RE_PARTICLE = re.compile(r"(?<![\w.-])(?:al|el)-")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w.-]+", _RE_PARTICLE.sub("", _fold(text)))


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    if not n:
        return False
    first = needle[0]
    return any(
        haystack[i] == first and list(haystack[i : i + n]) == list(needle)
        for i in range(len(haystack) - n + 1)
    )


def _person_parts(fact: Fact) -> tuple[str, str]:
    surname, _, first = fact.key.partition("|")
    return surname, first


def _same_speaker(f: Fact, g: Fact) -> bool:
    """Whether two quotes' speakers may be the same: unknown or guessed from a pronoun on either
    side, the same person by surname, or the same key up to a typo."""
    a, b = f.speaker_key, g.speaker_key
    if a is None or b is None or f.speaker_inferred or g.speaker_inferred:
        return True
    if a.startswith("person:") and b.startswith("person:"):
        a, b = a.split("|")[0], b.split("|")[0]
    return a == b or _typo(a.partition(":")[2], b.partition(":")[2])


def _typo(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one or two edited letters (``Nalado``/``Na1ado``) and
    are long enough for that to be a misspelling rather than another word (five letters+)."""
    if a == b:
        return True
    if (
        min(len(a), len(b)) < 5
        or abs(len(a) - len(b)) > 2
        or a[0] != b[0]
        or not (any(c.isalpha() for c in a) and any(c.isalpha() for c in b))  # numbers
    ):
        return False
    budget = 1 if min(len(a), len(b)) < 6 else 2
    return _edits(a, b, budget) <= budget


def _edits(a: str, b: str, cap: int) -> int:
    """Damerau-Levenshtein distance of ``a`` and ``b`` (adjacent swaps cost one), or more than
    ``cap`` once it exceeds ``cap``."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = int(a[i - 1] != b[j - 1])
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > cap:
            return cap + 1
        prev2, prev = prev, cur
    return prev[-1]


def _quote_match(a: Fact, b: Fact) -> bool:
    wa, wb = a.key.split(), b.key.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) >= 3 and _contains(long_, short):
        return True
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= 0.6


def _match_key(f: Fact) -> str:
    """The part of a fact's key that matching facts share exactly (a bucket to search)."""
    if f.kind == "person":
        return _person_parts(f)[0]
    if f.kind in ("org", "place"):
        return f.key.split()[-1] if f.key else ""
    return f.key


def _matches(f: Fact, g: Fact) -> bool:
    """Whether fact ``f`` of one article and ``g`` of the other state the same thing."""
    if f.kind != g.kind:
        return False
    if f.kind == "person":
        (sf, ff), (sg, fg) = _person_parts(f), _person_parts(g)
        return sf == sg and (not ff or not fg or _typo(ff, fg))
    if f.kind == "quote":
        return _quote_match(f, g)
    if f.key == g.key:
        return True
    if f.kind in ("org", "place"):
        kf, kg = f.key.split(), g.key.split()
        short, long_ = (kf, kg) if len(kf) <= len(kg) else (kg, kf)
        return len(short) >= 2 and _contains(long_, short)
    return False


class _FactIndex:
    """Facts of one article bucketed for matching (quotes by their words)."""

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.facts = list(facts)
        self.buckets: dict[tuple[str, str], list[int]] = {}
        self.quote_words: dict[str, set[int]] = {}
        self.quote_sizes: dict[int, int] = {}
        for i, f in enumerate(self.facts):
            if f.kind == "quote":
                self.quote_sizes[i] = len(set(f.key.split()))
                for w in set(f.key.split()):
                    self.quote_words.setdefault(w, set()).add(i)
            else:
                self.buckets.setdefault((f.kind, _match_key(f)), []).append(i)

    def partners(self, f: Fact) -> list[int]:
        """Indices of the facts that match ``f``."""
        if f.kind == "quote":
            counts: dict[int, int] = {}
            words = set(f.key.split())
            for w in words:
                for i in self.quote_words.get(w, ()):
                    counts[i] = counts.get(i, 0) + 1
            # a match shares at least half the shorter quote's distinct words (three or more)
            cands = sorted(
                i
                for i, c in counts.items()
                if c
                >= max(
                    min(3, len(words), self.quote_sizes[i]),
                    min(len(words), self.quote_sizes[i]) / 2,
                )
            )
        else:
            cands = self.buckets.get((f.kind, _match_key(f)), [])
        return [i for i in cands if _matches(f, self.facts[i])]


def _stated_in(f: Fact, other: _WordIndex, other_facts: _FactIndex) -> bool:
    """Whether the other article's text states ``f`` in so many words.

    A surname counts unless the other article names someone else of that surname.
    """
    if f.kind == "person":
        surname, first = _person_parts(f)
        namesakes = other_facts.buckets.get(("person", surname), [])
        if first and any(
            (g := _person_parts(other_facts.facts[i])[1]) and not _typo(g, first) for i in namesakes
        ):
            return False
        return surname in other or other.says_nearly([surname])
    if f.kind == "org" and other.says(_words(f.key)):
        return True  # "Acme Corp" is still named by "Acme"
    words = _words(f.text if f.kind != "quote" else f.key)
    if other.says(words):
        return True
    # a name the other article spells with a typo or OCR slip is the same name, not a new one
    return f.kind in ("person", "org", "place", "quantity") and other.says_nearly(words)


def _number_conflicts(
    overlaps: Iterable[Overlap], sentences_a: list[Sentence], sentences_b: list[Sentence]
) -> list[Conflict]:
    """Replace edits inside overlaps where both sides state different numbers."""
    starts_a = [s.start for s in sentences_a]
    starts_b = [s.start for s in sentences_b]

    def sentence(sents: list[Sentence], starts: list[int], pos: int) -> str:
        idx = bisect.bisect_right(starts, pos) - 1
        return sents[idx].text if idx >= 0 else ""

    conflicts = []
    for ov in overlaps:
        for e in ov.edits:
            if e.op != "replace":
                continue
            va, vb = number_values(e.a_text), number_values(e.b_text)
            if va and vb and sorted(va) != sorted(vb):
                fa = Fact(
                    "quantity",
                    e.a_text,
                    e.a_start,
                    e.a_end,
                    sentence(sentences_a, starts_a, e.a_start),
                    value=va[0],
                )
                fb = Fact(
                    "quantity",
                    e.b_text,
                    e.b_start,
                    e.b_end,
                    sentence(sentences_b, starts_b, e.b_start),
                    value=vb[0],
                )
                detail = f"A says {e.a_text!r}, B says {e.b_text!r}"
                conflicts.append(Conflict("number", fa, fb, detail))
    return conflicts


def compare_facts(
    facts_a: Sequence[Fact],
    facts_b: Sequence[Fact],
    text_a: str,
    text_b: str,
    overlaps: Sequence[Overlap] = (),
) -> FactComparison:
    """Sort two articles' facts into only-in-A, only-in-B, in-both (A's mention) and conflicts.

    A fact is only in one article when the other has no matching fact (by variant, see the
    module docs) and does not state it in so many words either. A quote both carry with
    different speakers is a ``quote_attribution`` conflict; a replace edit inside an overlap
    whose two sides state different numbers is a ``number`` conflict.
    """
    words_a, words_b = _WordIndex(text_a), _WordIndex(text_b)
    index_a, index_b = _FactIndex(facts_a), _FactIndex(facts_b)
    conflicts: list[Conflict] = []
    only_a: list[Fact] = []
    both: list[Fact] = []
    matched_b: set[int] = set()
    for f in facts_a:
        partners = index_b.partners(f)
        matched_b.update(partners)
        if f.kind == "quote":
            clash = [i for i in partners if not _same_speaker(f, facts_b[i])]
            for i in clash:
                g = facts_b[i]
                detail = f"A attributes the quote to {f.speaker}, B to {g.speaker}"
                conflicts.append(Conflict("quote_attribution", f, g, detail))
            if clash:
                continue
        if partners or _stated_in(f, words_b, index_b):
            both.append(f)
        else:
            only_a.append(f)
    only_b = [
        g
        for i, g in enumerate(facts_b)
        if i not in matched_b and not index_a.partners(g) and not _stated_in(g, words_a, index_a)
    ]
    conflicts.extend(_number_conflicts(overlaps, split_sentences(text_a), split_sentences(text_b)))
    return FactComparison(tuple(only_a), tuple(only_b), tuple(both), tuple(conflicts))
