"""Named line rules for boilerplate in scraped text.

Every rule is a general pattern of web page furniture (advertising markers, share and newsletter
prompts, photo and video captions, "related" link lists), never the words of one outlet. Each
returns True for a line it would remove; the rule's name is what the audit trail records.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storyfuse.clean.lines import ends_sentence, headline_like, word_count

_ADVERT_PHRASE = (
    r"(?:advertisements?|advertising|advert|ads?|sponsored(?:\s+(?:content|post|links?|stories|"
    r"by\s+\S+))?|promoted(?:\s+(?:content|stories|links?))?|paid\s+(?:content|post|partnership)|"
    r"partner\s+content|(?:story|article|text)\s+continues\s+(?:below|after)(?:\s+(?:this|the))?"
    r"(?:\s+(?:advertisement|advert|ad))?|continue\s+reading(?:\s+(?:the\s+main\s+story|below|"
    r"the\s+story|below\s+the\s+ad|after\s+the\s+ad))?|scroll\s+(?:down\s+)?to\s+continue"
    r"(?:\s+(?:with\s+content|reading))?|skip\s+(?:this\s+)?(?:advertisement|ad)|remove\s+ads|"
    r"ad\s+feedback|report\s+(?:this\s+)?ad|close\s+(?:this\s+)?ad|ad\s*choices)"
)
_ADVERT = re.compile(rf"^(?:{_ADVERT_PHRASE}\s*[.:|·•\-–—]*\s*)+$", re.I)

_SOCIAL = (
    r"(?:facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|messenger|telegram|flipboard|"
    r"email|e-mail|mail|sms|print|copy\s+link|threads|bluesky|tumblr|vk|line|viber|mastodon)"
)
_SHARE = re.compile(
    rf"^(?:(?:share|shares|share\s+this(?:\s+(?:article|story|page|post|video))?|"
    rf"share\s+(?:on|via|to|with)(?:\s+{_SOCIAL})?|tweet(?:\s+this)?|print(?:\s+this\s+"
    rf"(?:article|page|story))?|copy\s+(?:the\s+)?(?:link|url)|link\s+copied|save(?:\s+"
    rf"(?:article|story|for\s+later))?|saved|bookmark|comments?|\d+\s+comments?|view\s+\d*\s*"
    rf"comments|leave\s+a\s+comment|join\s+the\s+(?:conversation|discussion)|"
    rf"follow(?:\s+us)?(?:\s+on\s+\w+)?|gift\s+(?:this\s+)?article|{_SOCIAL})"
    rf"\s*[:|,·•/\-–—]*\s*)+$",
    re.I,
)
_NEWSLETTER_WORDS = re.compile(
    r"\b(?:sign(?:ing)?\s+up|subscribe|subscription|subscribers?|newsletters?|inbox|"
    r"download\s+(?:our|the)\s+app|get\s+the\s+app|register\s+(?:now|for\s+free|here)|"
    r"log\s*in|already\s+a\s+(?:member|subscriber)|become\s+a\s+(?:member|subscriber|supporter)|"
    r"support\s+(?:our|independent|quality)\s+journalism|click\s+here|tap\s+here|"
    r"(?:follow|like|join)\s+us\s+on|listen\s+to\s+(?:our|the)\s+podcast|enter\s+your\s+e-?mail|"
    r"(?:get|receive)\s+(?:our|the)\s+(?:daily|weekly|morning|evening|best|latest|top))\b",
    re.I,
)
# The same without re.I, for lower-cased ASCII text (see :func:`_search_folded`).
_NEWSLETTER_WORDS_LOWER = re.compile(_NEWSLETTER_WORDS.pattern)
_PROMO_TARGET = re.compile(
    r"\b(?:newsletters?|inbox|e-?mail|alerts?|notifications?|app|podcasts?|our|us|here|free|"
    r"subscri\w+|members?|journalism)\b",
    re.I,
)
_IMPERATIVE_START = re.compile(
    r"^(?:sign|subscribe|get|download|click|tap|follow|like|join|register|listen|enter|support|"
    r"become|want|don['’]t|never|stay|already|for\s+(?:more|the\s+latest)|to\s+(?:get|receive|"
    r"read|continue)|you\s+can|please|try|unlock|start\s+your)\b",
    re.I,
)
# The site talking to the reader about its own machinery: the browser, the reader's account,
# the paywall, alert e-mails. Every phrase addresses the reader or names the site's service,
# so a news sentence about browsers or accounts does not match. Written in lower case without
# re.I: :func:`is_site_notice` matches it on the lower-cased line it has made for its hints.
_SITE_NOTICE = re.compile(
    r"\b(?:javascript\s+(?:is\s+)?(?:disabled|turned\s+off|required)|"
    r"(?:enable|turn\s+on|allow)\s+(?:javascript|cookies)|"
    r"(?:your|this)\s+browser\s+(?:is\s+(?:not\s+supported|out\s+of\s+date|outdated)|"
    r"(?:does\s+not|doesn['’]t)\s+support)|(?:update|upgrade)\s+your\s+browser|"
    r"(?:we\s+have|we['’]ve)\s+sent\s+you\s+(?:a|an)\s+(?:verification|confirmation)|"
    r"check\s+your\s+e-?mail\s+and\s+click|(?:verify|confirm)\s+your\s+e-?mail\s+address|"
    r"activate\s+your\s+(?:account|profile|subscription)|"
    r"(?:log|sign)\s+in\s+to\s+(?:your|continue|read)|thank\s+you\s+for\s+reading|"
    r"(?:free\s+)?(?:articles?|stories)\s+(?:left|remaining)\s+(?:this|for)|"
    r"subscribe\s+to\s+continue|breaking\s+news\s+e-?mails?|get\s+breaking\s+news\s+alerts)"
)
#: Pieces one of which every site notice holds: the regex runs only on lines that have one
#: (the rule runs on every line of every article added; 1 % of news lines pass this test).
_SITE_NOTICE_HINTS = (
    "javascript", "cookie", "browser", "mail", "activat", "log in", "sign in", "thank you for r",
    "left th", "left f", "remaining", "subscribe to", "breaking news", "sent you",
)  # fmt: skip
_MEDIA_WORD = r"(?:photo(?:graph)?s?|pictures?|pics?|images?|footage|illustrations?|graphics?)"
# What makes a short line with a media word a credit: a slash or bracket, a credit word, or an
# agency acronym next to the media word ("AFP Photo", "Photo: EPA"). Case matters for acronyms.
_CREDIT_MARK = re.compile(
    rf"/|\(|\)|(?i:\b(?:file|handout|courtesy|supplied|via|credit|stock)\b)|"
    rf"\b[A-Z]{{2,6}}\s+(?i:{_MEDIA_WORD})\b|(?i:\b{_MEDIA_WORD})\s*[:/,]?\s*[A-Z]{{2,6}}\b"
)
_URL = re.compile(r"(?:https?://|www\.|\b[\w-]+\.(?:com|org|net|co|ly)/)\S*", re.I)
# A plural label ("Image captions", "Photo credits") opens prose as often as a credit line, so
# it counts only with a separator after it ("Photo credits: AP").
_CAPTION_LABEL = re.compile(
    r"^(?:(?:image|photo|picture|video|media|graphic|illustration)s?\s*(?:caption|source|credit|"
    r"copyright)(?:\b|s\s*[:,])|(?:photo(?:graph)?|picture|illustration|image|pic)\s*(?::|by\b))",
    re.I,
)
_CAPTION_SENTENCE = re.compile(
    rf"^(?:(?:in\s+)?(?:this|these)\s+(?:[\w,-]+\s+){{0,4}}?(?:{_MEDIA_WORD}|screen\s?(?:shot|grab)s?|"
    rf"(?:video|frame)\s+grabs?|combination\s+of\s+(?:[\w-]+\s+){{0,3}}?{_MEDIA_WORD})\b"
    rf"|(?:a|an|the)\s+(?:[\w,-]+\s+){{0,3}}?(?:photo(?:graph)?|picture|image|still|screen\s?grab)"
    rf"\b.{{0,160}}?\b(?:taken|made|released|provided|obtained|dated|distributed|issued)\b"
    rf".{{0,160}}?\bshows\b)",
    re.I,
)
_MEDIA_SHOWS = re.compile(r"\b(?:shows?|showing|taken|made|released|provided|dated|seen)\b", re.I)
# "(AP Photo/Lee Jin-man)", "(KCNA via AP)", "(Photo by Jane Doe/AFP)" closing a caption.
_PHOTO_CREDIT_END = re.compile(
    r"\((?=[^()]*(?:\b(?:Photos?|Pictures?|Images?)\b|\bvia\s+[A-Z]|[A-Z][\w.-]*\s*/\s*[A-Z]{2,}))"
    r"[^()]{2,100}\)\s*$"
)
_VIDEO = re.compile(
    r"^(?:\d{1,2}:\d{2}(?::\d{2})?\s+\S|(?:watch|play)\s+(?:the\s+)?video\b|now\s+playing\b|"
    r"media\s+playback\s+is\s+(?:not\s+supported|unsupported)\s+on\s+(?:this|your)\s+device|"
    r"(?:video\s+)?(?:duration|length)\s*[:,]?\s*\d{1,2}:\d{2}|video\s*[:|]\s*\S)",
    re.I,
)
_INTERFACE_LABEL = re.compile(
    r"^(?:photos?|videos?|images?|gallery|graphic|audio|listen(?:\s+to\s+(?:this\s+)?article)?|"
    r"watch|play|pause|loading(?:\.\.\.|…)?|close|menu|search|skip\s+to\s+(?:main\s+)?content|"
    r"back\s+to\s+top|top|home|next|previous|prev|expand|collapse|show\s+(?:more|less)|"
    r"see\s+more|view\s+(?:gallery|more|slideshow)|enlarge(?:\s+(?:this\s+)?image)?|zoom|"
    r"full\s*screen|toggle\s+caption|hide\s+caption|caption|closed\s+captions?|open\s+in\s+app|"
    r"\d+\s+of\s+\d+|\d+\s*/\s*\d+|audio\s+player|video\s+player|transcript)\s*[.:]?$",
    re.I,
)
_RELATED_HEADING = re.compile(
    r"^(?:more\s+(?:from|on|in|about|stories|news|headlines|like\s+this)\b.{0,60}|"
    r"related(?:\s+(?:stories|articles|content|coverage|news|links|topics|reading|posts|videos))?|"
    r"read\s+(?:more|next|also)|also\s+read|see\s+also|must\s+read|recommended(?:\s+(?:for\s+you|"
    r"reading|stories|articles|videos))?|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested"
    r"\s+in|have\s+missed)|most\s+(?:read|popular|viewed|shared|watched|commented)|"
    r"top\s+(?:stories|news|headlines)|trending(?:\s+(?:now|stories|news))?|"
    r"latest\s+(?:news|stories|headlines|videos?|articles)|editor['’]?s\s+picks?|"
    r"further\s+reading|don['’]t\s+miss|popular\s+(?:now|stories|articles|on\s+.{1,40})|"
    r"in\s+other\s+news|what\s+to\s+read\s+next|other\s+stories|around\s+the\s+web|"
    r"from\s+the\s+web|sponsored\s+stories|explore\s+more|keep\s+reading|up\s+next|"
    r"more\s+to\s+explore|featured\s+(?:stories|articles|videos)|(?:similar|related)\s+topics)"
    r"\s*[:.»›>|\-–—]*$",
    re.I,
)
_READ_MORE_LINK = re.compile(
    r"^(?:read\s+(?:more|also|next|the\s+full\s+story)|also\s+read|see\s+also|related|"
    r"recommended|must\s+read|don['’]t\s+miss|watch|listen|more|latest|also\s+see|"
    r"more\s+(?:on|from)\s+[^:]{1,40})\s*[:|»›>]\s*\S",
    re.I,
)
_TAGS = re.compile(
    r"^(?:tags?|topics?|filed\s+under|categories|category|keywords?|subjects?|related\s+topics|"
    r"more\s+on)\s*:\s*\S.{0,300}$",
    re.I,
)
_END_MARKER = re.compile(
    r"^(?:-?\s*30\s*-?|#{3,}|\*{3,}|(?:[-–—]\s*)?end(?:s)?(?:\s*[-–—])?|"
    r"\(end\)|\[end\]|\(more\)|_{3,}|xxx|eom)$",
    re.I,
)


def _search_folded(anycase: re.Pattern[str], lower: re.Pattern[str], text: str) -> bool:
    """``anycase.search(text)`` for a re.I pattern; ``lower`` is the same pattern without re.I.

    On ASCII text ``str.lower`` folds case exactly as re.I does, and a long alternation runs
    2.5x faster without re.I (measured: 16 against 40 µs a line; this rule ran on every line
    and was the costliest of them). Other text keeps the re.I pattern.
    """
    if text.isascii():
        return lower.search(text.lower()) is not None
    return anycase.search(text) is not None


def is_advertising(text: str) -> bool:
    return bool(_ADVERT.match(text))


def is_share_prompt(text: str) -> bool:
    return word_count(text) <= 12 and bool(_SHARE.match(text))


def is_newsletter_prompt(text: str) -> bool:
    """Calls to subscribe, sign up, download an app: short, imperative or fragmentary lines
    that point at the publisher's own channels (its newsletter, app, inbox, "here")."""
    n = word_count(text)
    if (
        n > 40
        or not _search_folded(_NEWSLETTER_WORDS, _NEWSLETTER_WORDS_LOWER, text)
        or not _PROMO_TARGET.search(text)
    ):
        return False
    return bool(_IMPERATIVE_START.match(text)) or (n <= 8 and not ends_sentence(text))


def is_site_notice(text: str) -> bool:
    """The site's notices to the reader: "We've detected that JavaScript is disabled in your
    browser", "Please check your email ... to activate your profile", "3 articles remaining
    ... thank you for reading!", "Breaking News Emails: get breaking news alerts"."""
    if word_count(text) > 30:
        return False
    lower = text.lower()
    if not any(hint in lower for hint in _SITE_NOTICE_HINTS):
        return False
    return _SITE_NOTICE.search(lower) is not None


def is_caption_credit(text: str) -> bool:
    """A photo credit line: "AFP (File Picture)", "Photo: Reuters", "Image source, Getty"."""
    if word_count(text) > 20:
        return False
    if "/" in text or "www." in text:
        text = _URL.sub("", text).strip()  # "pic.twitter.com/..." in a tweet is no credit
    n = word_count(text)
    if n == 0:
        return False
    if _CAPTION_LABEL.match(text):
        return True
    before_bracket = re.sub(r"\s*\([^()]*\)$", "", text)
    if n > 10 or ends_sentence(before_bracket):
        return False  # a sentence, perhaps with a credit: a caption, not a bare credit
    if re.search(rf"\b{_MEDIA_WORD}\b", text, re.I) and _CREDIT_MARK.search(text):
        return True
    # "Getty Images", "SOPA Images/LightRocket": a credit ending in a capitalised media word.
    return bool(re.search(r"\b[A-Z]\w+\s+(?:Images|Photos|Pictures)$", text)) and n <= 5


def is_caption_sentence(text: str) -> bool:
    """A caption written as a sentence: "This photo taken on ... shows ...", "... (AP Photo/X)"."""
    n = word_count(text)
    if n == 0 or n > 80:
        return False
    if _PHOTO_CREDIT_END.search(text):
        return True
    match = _CAPTION_SENTENCE.match(text)
    if not match:
        return False
    # The demonstrative form must also say what the picture shows or when it was taken.
    return bool(_MEDIA_SHOWS.search(text[: match.end() + 200]))


def is_video_caption(text: str) -> bool:
    """A video widget's text: "02:46 <title>" (duration, no sentence) or a playback notice."""
    if not _VIDEO.match(text) or word_count(text) > 60:
        return False
    if re.match(r"^\d{1,2}:\d{2}", text):
        # A live-blog time stamp introduces a sentence; a video duration introduces a title.
        return not ends_sentence(text)
    return word_count(text) <= 25 and (not ends_sentence(text) or text.lower().startswith("media"))


def is_interface_label(text: str) -> bool:
    return word_count(text) <= 5 and bool(_INTERFACE_LABEL.match(text))


def is_related_heading(text: str) -> bool:
    n = word_count(text)
    # "More about the launch planned for Tuesday:" introduces the story's own facts.
    if text.rstrip().endswith(":") and n > 6:
        return False
    return n <= 10 and bool(_RELATED_HEADING.match(text))


def is_read_more_link(text: str) -> bool:
    """ "Read more: <headline>" style links to other stories."""
    return word_count(text) <= 30 and bool(_READ_MORE_LINK.match(text))


def is_tags_line(text: str) -> bool:
    return not ends_sentence(text) and bool(_TAGS.match(text))


def is_end_marker(text: str) -> bool:
    return bool(_END_MARKER.match(text.strip()))


# Widget text a page ran into the paragraph after it (the text was flattened, or the extractor
# joined a caption block to the story): a video player's notice, an "enlarge" or "toggle caption"
# button with its photo credit (given twice, or once with a slash: "Jane Doe/AP"), a credit and
# caption label, "Story highlights", "(Photo: name, agency)". Only labels whose words never open
# a news sentence: "Close" or "Advertisement" on their own might ("Close to 300 people ...").
_RUN_IN_CREDIT = r"(?:[\w.'’&-]+\s+){0,3}[\w.'’&-]+(?:\s*/\s*[\w.'’&-]+)+"
_RUN_IN_FURNITURE = re.compile(
    r"^(?:(?:media\s+playback\s+is\s+(?:not\s+supported|unsupported)\s+on\s+(?:this|your)\s+device"
    r"|(?:advertisement\s+)?continue\s+reading\s+the\s+main\s+story|enlarge\s+this\s+image"
    r"|(?:toggle|hide)\s+caption(?:\s+(?P<credit>\S.{1,60}?)\s+(?P=credit)(?=\s|$)"
    rf"|\s+{_RUN_IN_CREDIT})?"
    r"|image\s+copyright\s+(?:\S+\s+){1,5}?image\s+caption|(?:image|media)\s+caption"
    r"|story\s+highlights|\(\s*(?:ap\s+)?photo\s*:[^()]{1,80}\))(?!\w)\s*[.:|]?\s*)+",
    re.I,
)

#: A caption is at most this long; a longer rest is a paragraph.
_RUN_IN_CAPTION_MAX_WORDS = 30
#: Less than this left after the widget text: the whole line is widget text.
_RUN_IN_MIN_WORDS = 4


def split_run_in_furniture(text: str) -> tuple[str, str] | None:
    """``(furniture, rest)`` when a line opens with widget text (see above), else None."""
    match = _RUN_IN_FURNITURE.match(text)
    if not match:
        return None
    return text[: match.end()].strip(), text[match.end() :]


def is_widget_line(rest: str) -> bool:
    """Too little left after the widget text for a paragraph (a credit, a stray word)."""
    return word_count(rest) < _RUN_IN_MIN_WORDS


def is_run_in_caption(furniture: str, rest: str) -> bool:
    """The rest of a line opening with a caption label is the caption itself when it is short
    and does not end like a sentence (a paragraph it ran into goes on and does)."""
    return (
        furniture.lower().endswith("caption")
        and word_count(rest) <= _RUN_IN_CAPTION_MAX_WORDS
        and not ends_sentence(rest.rstrip())
    )


#: Rules applied to every line, in order; the first that matches names the removal.
LINE_RULES: list[tuple[str, Callable[[str], bool]]] = [
    ("advertising", is_advertising),
    ("share-prompt", is_share_prompt),
    ("newsletter-prompt", is_newsletter_prompt),
    ("site-notice", is_site_notice),
    ("video-caption", is_video_caption),
    ("caption-credit", is_caption_credit),
    ("caption", is_caption_sentence),
    ("interface-label", is_interface_label),
    ("read-more-link", is_read_more_link),
    ("tags", is_tags_line),
    ("end-marker", is_end_marker),
]


def list_item_like(text: str) -> bool:
    """A headline in a list of other stories: short and not a sentence."""
    return headline_like(text, max_words=25)
