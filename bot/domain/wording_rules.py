"""Domain, pure: the phrase table of the wording check, in the eight languages the bot reads.

A rule finds a candidate phrase (so the close modal can quote it back with a concrete fix); it no
longer decides alone. Which rules hit is one of the things the learned model reads
(`wording_features.py`), and a rule's phrase is only reported when the model agrees the draft has
that kind of issue. So a rule here may be broad: its name is a feature, its span a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.i18n import N_
from bot.domain.wording_issue import IssueKind
from bot.domain.wording_text import alternatives, compile_phrase

# The advice quoted back with a phrase: English msgids, marked for the catalog and translated where shown
# (bot/blocks/wording_warnings.py), so the rules and the trained model keep reading one language of advice.
NAME_WHEN = N_("If the door is open, name when, e.g. 'reach out after 15 January'; if it isn't, close it kindly.")
GIVE_A_DATE = N_("Give it a date you will keep, e.g. 'I'll get back to you by Friday, 4 December'.")
SAY_DECISION = N_("Say what you've decided, even if it's 'not now'; if you need time, say by when you'll answer.")
CONDITION_AS_DATE = N_("Turn the condition into a date, e.g. 'I'm booked until March; reach out after 1 March.'")
ONE_THANKS = N_("One thank-you and your decision are enough, e.g. 'Thanks for thinking of me; it's not a fit, "
                "so I'll pass.'")
NOT_YOUR_FEELINGS = N_("Leave out how bad you feel: a thank-you and a clear decision read kinder and don't ask them "
                       "to comfort you.")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    kind: IssueKind
    pattern: re.Pattern[str]
    suggestion: str
    # Words right before the match that make it concrete ("spent some time", "in one day").
    not_after: re.Pattern[str] | None = None


def _rule(name: str, kind: IssueKind, source: str, suggestion: str, *, not_after: Iterable[str] = (),
          whole_words: bool = True) -> Rule:
    before = re.compile(rf"(?<!\w)(?:{alternatives(not_after)})\s+\Z", re.IGNORECASE) if not_after else None
    return Rule(name, kind, compile_phrase(source, whole_words=whole_words), suggestion, before)


_DEFER, _APOLOGY = IssueKind.VAGUE_DEFERRAL, IssueKind.OVER_APOLOGIZING
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# "circle back by Friday" is a commitment, not a vague door.
_DATED = (r"(?! (?:to (?:you|this|it) )?"
          r"(?:by|on|before|after|next|this|in|tomorrow|today|later (?:today|tonight|this|on))(?!\w))")
# "we'll see you at the launch" is a plan, not a shrug.
_SEEING_SOMEONE = r"(?! (?:you|them|him|her|each|everyone|the|a|an|your)(?!\w))"
_SOME_TIME_CONCRETE = ("spend", "spent", "spending", "take", "takes", "took", "taking", "need", "needs", "needed",
                       "have", "has", "had", "been", "quite", "save", "saves", "saved", "waste", "wasted")
_ONE_DAY_CONCRETE = ("in", "within", "for", "take", "takes", "took", "taking", "only", "just", "than", "a",
                     "per", "every", "at", "by", "on", "of", "the", "that", "same")

RULES: tuple[Rule, ...] = (
    # --- Vague deferrals, English ---
    _rule("maybe later", _DEFER, "maybe (?:later|another time|some other time|next time|down the (?:road|line)"
          "|next (?:year|quarter)|in a (?:few|couple of) (?:weeks|months))", NAME_WHEN),
    _rule("another time", _DEFER, "(?:some other|another) time", NAME_WHEN),
    _rule("circle back", _DEFER, f"(?:circle back|touch base|get back to you|come back to you){_DATED}", GIVE_A_DATE),
    _rule("x later", _DEFER, "(?:reach out|ping me|touch base|circle back|talk|chat|reconnect|catch up|follow up"
          "|pick (?:it|this|that) (?:back )?up|revisit(?: (?:this|it|that))?) later"
          "(?! (?:today|tonight|this|on|in)(?!\\w))", NAME_WHEN),
    _rule("later on", _DEFER, f"later on(?! (?:{_WEEKDAYS}|the|that|this|today|\\d)(?!\\w))", NAME_WHEN),
    _rule("later in the year", _DEFER, "later (?:in|this) (?:the )?(?:year|quarter|spring|summer|autumn|fall|winter)",
          NAME_WHEN),
    _rule("sometime", _DEFER, "sometime", NAME_WHEN),
    _rule("some time", _DEFER, "some time", NAME_WHEN, not_after=_SOME_TIME_CONCRETE),
    _rule("at some point", _DEFER, "at some point(?! (?:in|during) (?:the|our|your|that)(?!\\w))|one of these days"
          "|down the (?:road|line)(?! from)", NAME_WHEN),
    _rule("one day", _DEFER, "one day(?! (?:a|per|of|left|before|after|late|early|ago|off)(?!\\w))", NAME_WHEN,
          not_after=_ONE_DAY_CONCRETE),
    # "In the future, please check with me first" asks for a change; it isn't an open door.
    _rule("in the future", _DEFER, "in the (?:near |not too distant |distant )?future"
          "(?!,? (?:please|could|can|would|ask|check)(?!\\w))", NAME_WHEN),
    _rule("we'll see", _DEFER, f"(?:let's|we'll|we will) see{_SEEING_SOMEONE}", SAY_DECISION),
    _rule("see where it goes", _DEFER, "see (?:where|how) (?:things|it|this) (?:go|goes|land|lands|pan|pans|play)"
          "|who knows|play it by ear|no promises|time will tell|hopefully soon|when the time is right", SAY_DECISION),
    _rule("when I have time", _DEFER, "(?:when|once) things (?:calm|settle|quiet|slow) down"
          "|(?:when|once|if) i (?:have|get|find) (?:more |some |a )?(?:time|chance|moment|minute|breather)"
          "|when (?:i|we) (?:can|get around to it)|when (?:things|work|life) (?:is|are|gets?) (?:less|quieter)"
          "|as soon as i can|whenever (?:i|you|we) (?:can|get)|when (?:the )?timing is better", CONDITION_AS_DATE),
    _rule("in a few months", _DEFER, "in a (?:few|couple(?: of)?) (?:weeks|months)|in (?:some|a few) months"
          "|(?:next|this) (?:year|quarter)(?:,? maybe| perhaps| or so| or something)"
          "|at a later (?:date|stage|point)|in due course|eventually(?! \\w+ed(?!\\w))"
          "|further down the|soon-ish|soonish"
          "|(?:revert|come back|get back)(?: back)? (?:to you )?(?:when|once) (?:the situation|things|it)", NAME_WHEN),
    # --- Vague deferrals, other languages ---
    _rule("es later", _DEFER, "mas adelante|en otro momento|algun dia|ya veremos|un dia de estos|otro dia"
          "|cuando (?:pueda|tenga (?:un )?(?:tiempo|hueco|momento|un rato)|las cosas se calmen|se calme)"
          "|a ver que pasa|quien sabe|ya (?:te|os|les) (?:digo|dire|contare)(?! (?:el|antes|manana|hoy|\\d))"
          "|en (?:el|un) futuro|en unos meses|mas tarde(?! (?:hoy|el|esta))|ya hablaremos|en algun momento", NAME_WHEN),
    _rule("fr later", _DEFER, "plus tard(?! (?:dans la (?:journee|matinee|soiree)|ce|cet|aujourd))|un de ces jours"
          "|une autre fois|on verra|quand j'aurai (?:le |un peu de |plus de )?(?:temps|moment)|a un moment donne"
          "|un jour(?! (?:ou|de|par)\\b)|dans quelques (?:mois|semaines)|qui sait|a l'occasion"
          "|des que possible|quand (?:les choses|ca) se calmer\\w*|a l'avenir|plus tard dans l'annee", NAME_WHEN,
          not_after=("au",)),
    _rule("de later", _DEFER, "spater mal|irgendwann|ein andermal|mal sehen|mal schauen|schauen wir mal"
          "|wenn ich (?:mal )?(?:zeit|luft) habe|wenn es (?:ruhiger|besser passt)|bei gelegenheit|demnachst"
          "|in ein paar (?:monaten|wochen)|wer weiss|spater im jahr|zu einem spateren zeitpunkt|vielleicht spater"
          "|in zukunft|zeitnah|sobald ich kann|die tage|ich melde mich,? (?:wenn|sobald)", NAME_WHEN),
    _rule("pt later", _DEFER, "mais (?:para|pra) frente|outro dia|outra hora|um dia desses|quando (?:eu )?puder"
          "|quando (?:eu )?tiver (?:um )?tempo|quem sabe|vamos ver|veremos|algum dia|no futuro|em outro momento"
          "|daqui a (?:uns|alguns) meses|quando (?:a agenda|as coisas) (?:acalmar|acalmarem)|qualquer hora"
          "|mais tarde(?! (?:hoje|no dia))|logo se ve|depois (?:a gente|eu) ve\\w*|em breve", NAME_WHEN),
    _rule("it later", _DEFER, "piu avanti|piu tardi(?! (?:oggi|in giornata))|un'altra volta|prima o poi|vedremo"
          "|vediamo (?:come|piu|poi)|quando (?:avro tempo|posso|riesco|capita)|chissa|chi lo sa|in futuro"
          "|tra qualche (?:mese|settimana)|un giorno(?! (?:a|alla|di))|un'altra occasione|appena (?:posso|riesco)"
          "|ne riparliamo|ci sentiamo(?! (?:lunedi|martedi|mercoledi|giovedi|venerdi|domani|entro|il|alle))",
          NAME_WHEN),
    _rule("nl later", _DEFER, "(?:misschien |ooit |nog wel eens )?later"
          "(?! (?:vandaag|vanmiddag|deze|op de dag|today|tonight|this|on|in|that)(?!\\w))"
          "|een andere keer|ooit|we zien wel|we zullen zien|binnenkort|als ik (?:tijd|even tijd|ruimte) heb"
          "|wie weet|op een gegeven moment|in de toekomst|over een paar (?:maanden|weken)|t\\.z\\.t\\.?"
          "|te zijner tijd|een keertje|zodra ik kan", NAME_WHEN),
    _rule("ja later", _DEFER, "またいつか|いつか|そのうち|機会があれば|またの機会|落ち着いたら"
          "|時間ができたら|余裕ができたら|また今度|今度ぜひ|今度|また改めて|様子を見|どうなるか|いずれ|近いうちに|タイミングが合えば|追って",
          NAME_WHEN, whole_words=False),
    # --- Over-apologizing, English: intensified apologies, self-reproach, grovelling ---
    _rule("so sorry", _APOLOGY, "(?:so+|really|terribly|deeply|truly|very|awfully|extremely|incredibly|super"
          "|massively|hugely|horribly)(?: (?:so+|very|really|truly))* sorry", ONE_THANKS),
    _rule("sincere apologies", _APOLOGY, "my (?:sincerest|sincere|deepest|deep|humblest|humble) apologies"
          "|a (?:thousand|million) apologies|i (?:deeply|sincerely|truly|really) apologi[sz]e"
          "|i apologi[sz]e (?:profusely|deeply|sincerely|so much)",
          ONE_THANKS),
    _rule("forgive me", _APOLOGY, "(?:please )?forgive me|i beg your (?:pardon|forgiveness)", ONE_THANKS),
    _rule("I feel bad", _APOLOGY, "i feel (?:so |really |very |just |truly |terribly )?(?:terrible|awful|bad|horrible"
          "|dreadful|guilty|rotten|sick about)|i hate to|i(?:'m| am) (?:the worst|an idiot|useless|hopeless|a mess"
          "|mortified|ashamed|embarrassed)|shame on me|(?:this is|that's) (?:unforgivable|inexcusable)"
          "|i (?:can't|cannot) believe i|my fault entirely|entirely my fault|let you (?:both |all )?down|being useless"
          "|i hate letting|i(?:'ve| have) been (?:terrible|awful|useless)", NOT_YOUR_FEELINGS),
    # --- Over-apologizing, other languages ---
    _rule("es sorry", _APOLOGY, "lo siento (?:mucho|muchisimo|en el alma|de verdad)|mil (?:disculpas|perdones)"
          "|me siento (?:fatal|fatal|culpable|muy mal|horrible|fatal)|soy (?:lo peor|un desastre|una desastre)"
          "|perdoname|perdon,? perdon|perdona,? perdona|me da (?:muchisima |mucha )?verguenza|no tengo excusa"
          "|le ruego (?:me )?(?:perdone|disculpe)", NOT_YOUR_FEELINGS),
    _rule("fr sorry", _APOLOGY, "(?:vraiment|tellement|terriblement|sincerement|profondement|si) desole"
          "|mille (?:excuses|pardons)|je m'en veux|je (?:culpabilise|me sens (?:coupable|mal|nul|nulle|tellement))"
          "|je suis (?:nul|nulle|impardonnable|confus|confuse)|pardonne[zs]?-moi|desole,? desole|encore pardon"
          "|toutes mes excuses|j'ai honte|pardon,? pardon", NOT_YOUR_FEELINGS),
    _rule("de sorry", _APOLOGY, "(?:es )?tut mir (?:so |wirklich |schrecklich |furchtbar |unendlich |echt |sehr "
          "|au(?:ss|ß)erordentlich |wahnsinnig )+leid|ich schame mich|verzeih(?:en sie|t)? mir|entschuldigung,? "
          "entschuldigung|ich fuhle mich (?:total |echt |so |wirklich )?(?:schlecht|mies|schuldig)"
          "|ich bin (?:wirklich |echt |so )?(?:die schlimmste|der schlimmste|ein idiot|eine idiotin|unmoglich)"
          "|tausendmal|vielmals|sehr unangenehm|schlechtes gewissen|das letzte|so unfahig", NOT_YOUR_FEELINGS),
    _rule("pt sorry", _APOLOGY, "sinto (?:muitissimo|demais)|mil desculpas|me perdo[ae]|perdoa-me|desculpa,? desculpa"
          "|me sinto (?:pessim[oa]|culpad[oa]|horrivel|muito mal|mal)|morrendo de vergonha|a culpa e (?:toda )?minha"
          "|imensa desculpa|sou (?:o pior|a pior|um desastre)|to me sentindo|estou me sentindo", NOT_YOUR_FEELINGS),
    _rule("it sorry", _APOLOGY, "scusami (?:tanto|tantissimo)|scusa(?:mi)?,? scusa(?:mi)?|mille scuse"
          "|mi (?:scuso|dispiace) (?:tantissimo|davvero tanto|moltissimo|infinitamente)|perdonami|mi perdoni"
          "|mi sento (?:in colpa|malissimo|terribilmente)|sono (?:mortificat[oa]|imperdonabile|un disastro)"
          "|ancora scusa|che figuraccia|mi sento (?:proprio )?(?:un'?incapace|una frana)", NOT_YOUR_FEELINGS),
    _rule("nl sorry", _APOLOGY, "het spijt me (?:echt |zo |ontzettend |vreselijk )?(?:enorm|erg|ontzettend|zo)"
          "|ik schaam me|vergeef me|ik voel me (?:er )?(?:echt |zo |heel )?(?:rot|schuldig|slecht|ellendig)"
          "|ik ben (?:echt )?de slechtste|stom van me|duizendmaal|nogmaals (?:sorry|excuses)", NOT_YOUR_FEELINGS),
    _rule("ja sorry", _APOLOGY, "本当に本当に|本当に申し訳|大変申し訳|誠に申し訳"
          "|心から(?:お詫び|申し訳)|重ねて(?:お詫び|申し訳)|お許しください|情けない|心苦しい|合わせる顔|ごめんなさい|すみませんすみません|私の不手際",
          NOT_YOUR_FEELINGS, whole_words=False),
)


def _any_language(words: str, japanese: str) -> re.Pattern[str]:
    """Whole words of the languages written with spaces, or a run of Japanese anywhere."""
    return re.compile(f"{compile_phrase(words).pattern}|{compile_phrase(japanese, whole_words=False).pattern}",
                      re.IGNORECASE)


# Any apology, in any of the languages: one is polite, a second is one too many.
APOLOGY_WORD = _any_language(
    ("sorry|apolog(?:y|ies|i[sz]e[sd]?|i[sz]ing)|forgive|lo siento|perdon[ae]?|disculp\\w*|siento"
     "|desole\\w*|excuse[sz]?|pardon\\w*|entschuldig\\w*|leid|verzeih\\w*|desculp\\w*|perdo\\w*"
     "|sinto muito|scus\\w*|mi dispiace|spijt|excuses"),
    "申し訳|すみません|すいません|ごめん|お詫び",
)

# A date, a weekday, a clock time or a named near moment: a commitment, whatever the language.
# (No short forms such as "mon" or "may": they are ordinary words in English or French.)
DATED = _any_language(
    (
        "by(?! the way| far| (?:the|my|your|our) )|until|before|within|tomorrow|tonight|today|this afternoon"
        "|this evening|next week|this week|end of (?:day|week|the week)|eod|eow"
        f"|{_WEEKDAYS}|january|february|march|april|june|july|august|september|october"
        "|november|december|\\d{1,2}(?::\\d\\d)?(?: ?[ap]m|h)?"
        "|lunes|martes|miercoles|jueves|viernes|manana|hoy|esta tarde|antes del|el \\d+|lundi|mardi|mercredi"
        "|jeudi|vendredi|demain|aujourd'hui|cet apres-midi|ce soir|d'ici|avant|montag|dienstag|mittwoch"
        "|donnerstag|freitag|morgen|heute|bis|segunda|terca|quarta|quinta|sexta|amanha|hoje|ate|lunedi|martedi"
        "|mercoledi|giovedi|venerdi|domani|oggi|stasera|entro|maandag|dinsdag|woensdag|donderdag|vrijdag"
        "|vandaag|vanmiddag|vanavond|uiterlijk|voor (?:het|de) einde"),
    "明日|今日|本日|来週|今週|月曜|火曜|水曜|木曜|金曜|\\d+時|\\d+日|までに",
)

# Apology words that are no apology of the writer's: sympathy ("sorry to hear"), reassurance ("no need to
# apologize") and someone else's apology ("he apologized three times").
NOT_AN_APOLOGY = _any_language(
    (
        "sorry (?:to hear|for your loss|about your)|(?:no need|nothing) to (?:be sorry|apologi[sz]e)"
        "|(?:don't|do not) (?:be sorry|apologi[sz]e)|(?:he|she|they|\\w+) apologi[sz]ed|(?:lo )?siento (?:mucho )?lo de"
        "|no (?:tienes|hace falta|hay) (?:que|por que|de que) disculpar\\w*|desole d'apprendre|ne t'excuse pas"
        "|pas besoin de (?:t'|vous )excuser|aucune raison de (?:t'|vous )excuser"
        "|(?:leid|leidtun) zu horen|tut mir (?:\\w+ )?leid zu horen|kein grund,? sich zu entschuldigen"
        "|(?:musst|brauchst) dich nicht (?:zu )?entschuldigen|hat sich \\w* ?(?:\\w+ )?entschuldigt"
        "|sinto muito (?:pelo|pela|por) (?:que|o que|a noticia|sua|seu)|nao precisa (?:se )?desculpar"
        "|non devi scusarti|non c'e bisogno di scusarti|si e scusat[oa]|mi dispiace (?:per|sentire)"
        "|(?:hoeft|hoef) (?:je )?(?:niet|geen) (?:te )?(?:sorry|excuses)|spijt me (?:echt )?voor je"),
    "謝らないで|謝る必要",
)


def apologies(masked: str) -> list[re.Match[str]]:
    """The writer's own apology words, in order."""
    excluded = [(m.start(), m.end()) for m in NOT_AN_APOLOGY.finditer(masked)]
    return [m for m in APOLOGY_WORD.finditer(masked) if not any(s <= m.start() < e for s, e in excluded)]
