"""The languages the assistant speaks, and which one a message is written in.

A `LanguageProfile` gathers what one language needs: the analyzer's word tables and
stemmer (`faq.text.Lexicon`), the scope rules (`faq.rules.Scope`), the conversational
phrases (`faq.conversation.Dialogue`) and the thresholds (`faq.settings`). `PROFILES`
lists them; a knowledge base in a language is read from `knowledge/<code>/` (English:
`knowledge/` itself).

`detect_language(text, hint, vocabularies)` says "en" or "es" from the words of a message:
Spanish marks (¿ ¡ ñ, accented vowels), Spanish-only function and everyday words, English-
only ones, and the words only one language's knowledge base uses ("roster", "upload" /
"inscripción", "baja"). When the text does not say (short or ambiguous: "NPI", "2", "ok", a name), the
hint wins: the conversation's language, else the page's. A message in another language
(French, Chinese...) gets the hint too; the scope rules of that language then answer it
with the `other_language` reply.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from faq import rules, rules_es
from faq.conversation import ENGLISH_DIALOGUE, Dialogue
from faq.conversation_es import SPANISH_DIALOGUE
from faq.lexicon_es import SPANISH
from faq.settings import LANGUAGE_SETTINGS, Settings
from faq.text import ENGLISH, Lexicon, fold

ENGLISH_CODE = "en"
SPANISH_CODE = "es"
DEFAULT_LANGUAGE = ENGLISH_CODE


@dataclass(frozen=True)
class LanguageProfile:
    """Everything the assistant needs to read and answer one language."""

    code: str
    name: str  # in English, for messages ("Spanish")
    lexicon: Lexicon
    scope: rules.Scope
    dialogue: Dialogue
    min_alternates: int  # phrasings a topic needs besides its question (`python -m faq check`)

    @property
    def settings(self) -> Settings:
        return LANGUAGE_SETTINGS[self.code]


PROFILES: dict[str, LanguageProfile] = {
    ENGLISH_CODE: LanguageProfile(ENGLISH_CODE, "English", ENGLISH, rules.ENGLISH_SCOPE, ENGLISH_DIALOGUE, 5),
    SPANISH_CODE: LanguageProfile(SPANISH_CODE, "Spanish", SPANISH, rules_es.SPANISH_SCOPE, SPANISH_DIALOGUE, 8),
}
LANGUAGES = tuple(PROFILES)


def profile(code: str) -> LanguageProfile:
    """The profile of a language code; raises ValueError for a language not spoken."""
    try:
        return PROFILES[code]
    except KeyError:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {code!r}") from None


# Words only (or nearly only) one of the two languages uses, folded. Words both share
# ("no", "me", "a", "plan", "portal", "doctor", "hospital", "ok") are in neither.
_SPANISH_ONLY = frozenset("""
    que como cual cuales donde cuando quien quienes cuanto cuanta cuantos cuantas porque por para pero tambien
    el los las del al una unos unas uno mi mis su sus tu tus yo usted ustedes nosotros ellos ella esta estan
    este estos esto eso esa ese estoy soy es son hay tengo tiene tienen puedo puede pueden quiero quiere necesito
    necesita debo deberia hacer hago hace ser estar como y o con sin sobre muy mas ya aqui ahora hola gracias
    favor buenos buenas dias tardes noches ayuda ayudar ayudeme ayudame pregunta programa programas inscribir
    inscribirme inscribo inscripcion inscrito inscrita unirme unirse darme baja salirme salir cancelar dejar
    fumar peso bajar azucar corazon enfermedad enfermedades cronica cronicas medico medica doctora enfermera
    coordinador coordinadora equipo atencion cuidado salud seguro cuenta contrasena iniciar sesion correo
    telefono llamar hablar persona paciente pacientes miembro miembros numero fecha nacimiento apellido
    proveedor proveedores consultorio grupo verificar lista costo cuesta gratis pagar estado estados donde
    nuevo nueva cambiar olvide bloqueado quiere saber decir puedes podria necesitamos tenemos nuestro nuestra
    se le les lo nos si q xq pq tmb k porfa ola qiero kiero
""".split())
_ENGLISH_ONLY = frozenset("""
    the is are was were be been do does did how what where when who whom why which my your our their his her
    i you we they he she it this that these those to of and or for with from at on in by about into can could
    would should will shall may might must have has had get got want need join enroll enrolled enrollment
    withdraw leave quit stop sign log password account program programs please help thanks thank hello hi hey
    care coordinator team doctor's patient patients member members provider providers verify check cost free
    pay weight heart smoking stress there here if not any some all more much many just also still already
    an im dont cant wont whats hows
""".split())
_SPANISH_MARKS = re.compile(r"[¿¡ñÑ]|[áéíóúÁÉÍÓÚü]")
_WORD = re.compile(r"[^\W\d_]+")
_MIN_LEAD = 1  # evidence one language needs over the other to outweigh the hint


def detect_language(text: str, hint: str | None = None,
                    vocabularies: Mapping[str, frozenset[str]] | None = None) -> str:
    """ "en" or "es": the language the words of `text` show, else `hint` (default English).
    `vocabularies`: folded words per language (e.g. each knowledge base's); a word only one of
    them holds counts for that language."""
    fallback = hint if hint in PROFILES else DEFAULT_LANGUAGE
    if not isinstance(text, str):
        return fallback
    sample = unicodedata.normalize("NFC", text[:2000])
    words = [fold(word) for word in _WORD.findall(sample)]
    marks = _SPANISH_MARKS.findall(sample)
    spanish = sum(word in _SPANISH_ONLY for word in words) + 2 * sum(mark in "¿¡" for mark in marks) + min(
        2, sum(mark not in "¿¡" for mark in marks))
    english = sum(word in _ENGLISH_ONLY for word in words)
    if vocabularies and len(vocabularies) > 1:
        own = {code: vocabularies.get(code, frozenset()) for code in (ENGLISH_CODE, SPANISH_CODE)}
        spanish += sum(word in own[SPANISH_CODE] and word not in own[ENGLISH_CODE] for word in words)
        english += sum(word in own[ENGLISH_CODE] and word not in own[SPANISH_CODE] for word in words)
    if sum(word in rules_es.OTHER_LANGUAGE_WORDS for word in words) >= max(2, spanish - 1):
        return fallback  # French, German...: the page's language says it cannot answer in that one
    if spanish - english >= _MIN_LEAD and spanish > english:
        return SPANISH_CODE
    if english - spanish >= _MIN_LEAD and english > spanish:
        return ENGLISH_CODE
    return fallback


def words_of(texts: Iterable[str]) -> frozenset[str]:
    """The folded words of some texts (a knowledge base's vocabulary for `detect_language`)."""
    return frozenset(fold(word) for text in texts for word in _WORD.findall(unicodedata.normalize("NFC", text)))
