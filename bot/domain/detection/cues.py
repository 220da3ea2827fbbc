"""Domain, pure: a table of explicit intro cues and of blockers, per language.

These were hand-written rules; the detector now reads them as features of a learned model
(`features.py`) instead of as a verdict, so a blocker no longer vetoes an intro on its own
and a cue no longer makes one. They read the normalised text (`text.py`).
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------
# Building blocks for the tables (they read the normalised text).
# ---------------------------------------------------------------------------------------

U = r"@u\b"  # someone other than the author
# Two or more people in a row: "@u and @u", "@u, @u", "@u + @u", "@u e @u", ...
PEOPLE = rf"{U}(?:\s*(?:,|&|\+|/|and|y|e|et|und)?\s*{U})+"
# Someone addressed at the start of a clause: "@u, ", "@u - ", "@u! ".
ADDRESSED = rf"{U}\s*[,:;!\-–—]?\s*"
# The start of a clause: start of a line, punctuation, an emoji, or a mention.
CLAUSE = r"(?:^|(?<=[.!?:;,\n\-–—()·])|(?<=@u))\s*"
# What follows "I present ..." when it is a person being presented: a mention, the
# mutual form, or the end of the phrase ("les presento:", "vi presento!"). An article
# and a noun ("je vous présente le nouveau planning") present a thing.
PERSON_NEXT = (
    rf"(?=\s*(?:(?:a|al|ao|a voces|aos|o|os|as)\s+)?{U}"
    r"|\s*(?:[^\w\s@]|$)"
    r"|\s+l'un[oa]?\s+all'altr[oa]"
    r"|\s+(?:l'un|les uns) (?:a|aux) l'autre)"
)
# After "introduce/connect X": the other side is a person, not "to the team", "to the
# staging DB" or "to our new tool"; a mention later in the sentence ("to our new head
# of sales, @u") still counts.
TO_A_PERSON = rf"(?!\s+(?:to|with|into)\s+(?!{U}|each other|[^.!?\n]{{0,40}}{U}))"

# Cues: an explicit act of introducing, happening now.
# name: (triggers, pattern). A pattern is only tried when one of its triggers occurs in
# the text as a plain substring: a substring test is far cheaper than a regex that
# cannot start with a literal, which keeps two-mention chatter fast.
_CUE_TABLE: dict[str, tuple[tuple[str, ...], str]] = {
    # --- English ---
    "x meet y": (
        ("meet @u", "meet,", "meet:", "meet -", "meet –", "meet —"),
        rf"{CLAUSE}(?:please\s+|now\s+)?meet\s*[,:\-–—]?\s*{U}",
    ),
    "like you to meet": (
        ("to meet",),
        r"\b(?:like|love|want|wanted)\s+(?:for\s+)?(?:you|y'all|you (?:two|both|all))\s+to\s+meet\b",
    ),
    "meet each other": (("each other",), r"\bmeet each other\b"),
    "introducing x to y": (
        ("introducing @u", "introduce @u"),
        rf"\bintroduc(?:ing|e)\s+{U}\s*(?:to|and|&|\+|,)\s*{U}",
    ),
    "introducing you": (
        ("introducing you",),
        r"\b(?:i'm|i am|am|just)\s+introducing you\b|\bintroducing you (?:two |both |all )?to each other\b",
    ),
    "like to introduce": (
        ("introduce you", "introduce @u"),
        r"\b(?:like|love|want|wanted|happy|glad|pleased|delighted|let me|allow me|i'd)\s+(?:to\s+)?introduce\s+"
        rf"(?:you|{U}){TO_A_PERSON}",
    ),
    # "@u @u: intro!", "virtual intro ·", "intro as promised", "Intro: @u ↔ @u"; a colon
    # only when people follow, as "Introduction:" also heads sections of documents.
    "intro label": (
        ("intro!", "intro.", "intro;", "intro)", "intro -", "intro –", "intro —", "intro ·", "intro\n", "intro: @u",
         "introduction!", "introduction.", "introduction ·", "introduction\n", "introduction: @u",
         "intro time", "intro as promised", "intro here"),
        rf"{CLAUSE}(?:(?:quick|virtual|double[- ]opt[- ]in|warm|mutual|thread|email)\s+)?intro(?:duction)?"
        rf"(?:\s+(?:time|as promised|here))?\s*(?:[!.;)\-–—·]|:\s*{U}|$)",
    ),
    "making an intro": (("making",), r"\bmaking (?:an? |the )?(?:quick |brief )?intro(?:duction)?\b"),
    "quick intro x": (("intro @u",), rf"\b(?:quick|virtual|brief)\s+intro\s+{U}"),
    "intro'ing": (("intro-ing", "intro'ing"), r"\bintro[-']ing\b"),
    "x <> y": (("<>",), rf"{U}\s*<>\s*{U}"),
    # Other arrows are used for more than intros, so they need the word too.
    "x <-> y intro": (("<->", "↔", "⟷", "<=>"), rf"{U}\s*(?:<->|↔|⟷|<=>)\s*{U}(?=.*\bintro)"),
    "connecting": (
        ("connecting",),
        r"\bconnecting\s+(?:you(?:\s+(?:two|both|all))?\b|the (?:two|three|four) of you\b"
        rf"|{U}\s*(?:,|and|&|\+|with|to)\s*{U}){TO_A_PERSON}",
    ),
    "let me connect": (
        ("connect ",),
        r"\b(?:let me|let's|like to|love to|want to|wanted to|happy to|glad to)\s+connect\s+"
        r"(?:you|the (?:two|three) of you)\b",
    ),
    "in touch": (
        ("in touch",),
        r"\b(?:putting|let me put|like to put|want to put|happy to put)\s+"
        rf"(?:you(?:\s+(?:two|both|all))?|{PEOPLE})\s+in touch\b",
    ),
    "you two should": (
        ("should", "need to", "must", "gotta", "have to"),
        r"\b(?:you two|you both|both of you|y'all|you guys)\s+(?:should|need to|must|gotta|have to)\s+"
        rf"(?:definitely\s+|really\s+)?(?:meet|talk|chat|connect|compare notes|get together)\b{TO_A_PERSON}",
    ),
    "you should connect": (("you should",), r"\byou should (?:definitely |really )?(?:meet|connect)\s*(?:[!.·]|$)"),
    "x, this is y": (("this is",), rf"{ADDRESSED}this is\s+{U}"),
    "the one i mentioned": (
        ("mentioned", "told you", "telling you", "talked about", "spoke about"),
        r"\b(?:is|this is)\s+(?:the|my|our)\s+(?:[\w'-]+\s+){0,5}?(?:who\s+)?(?:i|we)\s+"
        r"(?:mentioned|told you about|was telling you about|talked about|spoke about)\b",
    ),
    # --- Spanish ---
    "es te presento": (("presento",), rf"\b(?:te|les|os)\s+presento\b{PERSON_NEXT}"),
    "es quiero presentarte": (
        ("presentar",),
        r"\b(?:quiero|queria|quisiera|gustaria|dejame|permiteme|permitanme)\s+presentar(?:te|les|os)?\b",
    ),
    "es conozcanse": (("conozcanse", "conoceos"), r"\b(?:conozcanse|conoceos)\b"),
    "es los pongo en contacto": (
        ("pongo en contacto", "conecto"),  # not "te pongo en copia", nor "te conecto al servidor"
        rf"\b(?:los|las|os|te)\s+(?:pongo en contacto|conecto)\b(?!\s+(?:a|al|con)\s+(?!{U}))",
    ),
    # --- French ---
    "fr je vous presente": (("presente",), rf"\bje\s+(?:te|vous)\s+presente\b{PERSON_NEXT}"),
    "fr j'aimerais vous presenter": (
        ("presenter",),
        r"\b(?:je voulais|j'aimerais|je voudrais|je souhaite|je me permets de|permettez-moi de|laissez-moi)"
        r"\s+(?:te|vous)\s+presenter\b",
    ),
    "fr mettre en relation": (
        ("en contact", "en relation"),
        rf"\b(?:je\s+(?:te|vous)\s+mets|(?:te|vous)\s+mettre)\s+en\s+(?:contact|relation)\b|{CLAUSE}mise en relation\b",
    ),
    "fr je vous connecte": (("connecte",), r"\bje\s+(?:te|vous)\s+connecte\b"),
    "fr voici": (("voici",), rf"{ADDRESSED}voici\s+{U}"),
    # --- German ---
    "de darf ich vorstellen": (
        ("darf ich",),
        rf"\bdarf ich\s+(?:(?:dir|euch|ihnen)\s+)?(?:(?:{PEOPLE}|{U})\s+)?vorstellen\b",
    ),
    "de ich mochte euch vorstellen": (
        ("vorstellen",),
        r"\b(?:mochte|moechte|will|wurde gerne?)\s+(?:dir|euch|ihnen)\s+(?:(?:einander|gegenseitig)\s+)?"
        rf"(?:(?:{PEOPLE}|{U})\s+)?vorstellen\b",
    ),
    "de ich stelle euch vor": (
        ("ich stelle",),
        rf"\bich stelle\s+(?:(?:dir|euch|ihnen)\s+)?(?:(?:{PEOPLE}|{U})\s+)?(?:(?:einander|gegenseitig)\s+)?vor\b",
    ),
    "de lernt euch kennen": (("lernt euch",), r"\blernt euch\s+(?:mal\s+)?kennen\b"),
    "de vernetze euch": (("vernetze",), r"\bvernetze\s+(?:euch|dich|sie)\b"),
    "de in kontakt": (("in kontakt",), rf"\bbringe\s+(?:dich|euch|sie)\s+(?:mit\s+{U}\s+)?in kontakt\b"),
    "de das ist": (("das ist",), rf"{ADDRESSED}das ist\s+{U}"),
    # --- Italian ---
    "it ti presento": (("presento",), rf"\b(?:ti|vi)\s+presento\b{PERSON_NEXT}"),
    "it vorrei presentarti": (("presentar",), r"\b(?:volevo|vorrei|voglio|lascia che)\s+(?:presentarti|presentarvi)\b"),
    "it metto in contatto": (("metto in contatto",), r"\b(?:vi|ti)\s+metto in contatto\b"),
    # --- Portuguese ---
    "pt apresento": (("apresento",), rf"\bapresento\b{PERSON_NEXT}"),
    "pt quero apresentar": (
        ("apresentar",),
        rf"\b(?:quero|queria|gostaria de|vou)\s+(?:te\s+|lhes\s+|a voces\s+)?apresentar\b{PERSON_NEXT}",
    ),
    "pt apresentando voces": (("apresentando",), r"\bapresentando\s+voces\b"),
    "pt conhecam": (("conhecam",), r"\bconhecam\b"),
    "pt vou conectar voces": (("voces",), r"\b(?:vou|quero|deixa eu)\s+(?:conectar|apresentar)\s+voces\b"),
    "pt coloco em contato": (("em contato",), r"\bcoloc(?:o|ando)\s+voces\s+em\s+contato\b"),
    "pt esse e o": ((" e ",), rf"{ADDRESSED}(?:esse|essa|este|esta)\s+e\s+(?:o|a)\s+{U}"),
}

# Any verb of introducing, for the blockers to look around.
INTRO_VERB = (
    r"(?:intro(?:duc\w*|s|'?d|[-']?ing)?|connect\w*|put\w* (?:you|them|@u)[^.!?]{0,20}in touch"
    r"|present\w*|apresent\w*|vorstell\w*|vorgestellt|vernetz\w*)"
)
# Time words that turn an intro into a promise for later.
LATER = (
    r"(?:tomorrow|later|next (?:week|month|time)|at some point|after (?:the|lunch|this)|once|soon|this afternoon"
    r"|tonight|manana|la semana que viene|la proxima semana|demain|la semaine prochaine|plus tard"
    r"|domani|la settimana prossima|piu tardi|morgen|nachste woche|spater"
    r"|amanha|semana que vem|na proxima semana|mais tarde|depois)"
)

# Blockers: any one of these vetoes the message, however strong its cue.
_BLOCKER_TABLE: dict[str, str] = {
    # Thanks for, or the story of, an intro that already happened.
    "thanks": rf"\b(?:thanks?|thank you|thx|ty|gracias|merci|grazie|obrigad[oa]|danke)\b[^.!?]{{0,60}}{INTRO_VERB}",
    "past": (
        r"\b(?:introduced|connected)\s+(?:me|us|@u|@me)\b|\bwere\s+(?:introduced|connected)\b"
        r"|\bmet (?:at|in|during|last|on)\b|\balready (?:know|met)\b"
        r"|\b(?:me|nos) presento\b|\bse conocieron\b|\bse conocen\b"
        r"|\bm'a presente\b|\bm'avoir presente\b|\bse sont rencontres\b|\bse connaissent\b"
        r"|\bmi ha presentato\b|\bavermi presentato\b|\bsi sono conosciuti\b|\bsi conoscono\b"
        r"|\bme apresentou\b|\bse conheceram\b|\bse conhecem\b"
        r"|\bvorgestellt\b|\bkennengelernt\b|\bkennen sich\b"
    ),
    # Asking someone else to make an intro.
    "request": (
        r"\b(?:introduce|intro|connect)\s+me\b|\bbe introduced\b|\bintroduce yourself\b"
        r"|\bmind\s+(?:introducing|connecting)\b"
        rf"|\b(?:could|can|would|will)\s+(?:you|someone|somebody|anyone)\b[^.!?]{{0,30}}{INTRO_VERB}"
        r"|\bme\s+(?:presentas|presentarias|podrias presentar|presente)\b|\bpresentarme\b"
        r"|\b(?:peux|pourrais|pourriez)[- ](?:tu|vous)\s+me\s+presenter\b|\bme presenter\b"
        r"|\bmi presenti\b|\bpresentarmi\b|\bme apresenta\b|\bme apresentar\b"
        r"|\b(?:kannst|konntest|konnten) (?:du|sie)\s+mi(?:r|ch)\b"
    ),
    # A promise or plan for later.
    "future": (
        r"\b(?:i'll|i will|will|we'll|going to|gonna|(?:i|we) (?:should|shall)|plan to|planning to|remind me to"
        rf"|supposed to|asked me to)\s+(?:\w+\s+){{0,2}}?{INTRO_VERB}"
        r"|\bpresentare\b|\bpresenterai\b|\bpresentero\b|\bapresentarei\b"
    ),
    "later": rf"\b{INTRO_VERB}\b[^.!?]{{0,50}}\b{LATER}\b",
    # Asking whether to make an intro, rather than making it.
    "question": (
        rf"\b(?:should|shall|can|may)\s+(?:i|we)\b[^.!?]{{0,40}}{INTRO_VERB}|\b(?:ok|okay|alright|mind) if i\b"
        r"|\b(?:have|has|did)\s+(?:you|anyone|someone)\b[^.!?]{0,40}\b(?:met|introduced|connected)\b"
        rf"|\b(?:deberia|devrais|dovrei|devo|soll ich)\b[^.!?]{{0,40}}{INTRO_VERB}"
    ),
    # Saying an intro is unnecessary or unwanted.
    "negation": (
        rf"\b(?:no need to|don't|do not|dont|not|never|no)\s+(?:\w+\s+){{0,2}}?(?:meet\b|{INTRO_VERB})"
        r"|\bnot an? intro|\bno intro\b|\bpas besoin\b|\bno hace falta\b|\bnon serve\b|\bnao precisa\b|\bnicht kennen"
    ),
    # Meeting someone at a time or a place is scheduling.
    "scheduling": (
        r"\bmeet\b(?:\s+(?:@u|@me|me|us|them|you|up|with)\b)*\s+(?:\w+\s+)?"
        r"(?:at \d|at noon|at the|in (?:the|room)|after|before|tomorrow|today|tonight"
        r"|on (?:mon|tue|wed|thu|fri|sat|sun)\w*|\d\s?(?:am|pm))\b"
    ),
}

CUES: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (name, triggers, re.compile(pattern, re.M)) for name, (triggers, pattern) in _CUE_TABLE.items()
)
BLOCKERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.M)) for name, pattern in _BLOCKER_TABLE.items()
)


def cue_names(normalised: str) -> list[str]:
    """The cues the text matches; a cue's pattern only runs when one of its trigger words is there."""
    return [name for name, triggers, pattern in CUES
            if any(t in normalised for t in triggers) and pattern.search(normalised)]


def blocker_names(normalised: str) -> list[str]:
    return [name for name, pattern in BLOCKERS if pattern.search(normalised)]
