"""The safety check's Spanish rules (see `faq.safety`): the reading of Spanish texting, word classes,
pattern groups by kind, and the Spanish words of negation, the past, topics and figures of speech.

Spanish speakers in the US write as they speak, on a phone: without accents ("esta", "se
desmayo"), with texting ("q", "xq", "kiero", "toy"), "b" for "v", "s" for "z" or "c", "y" for
"ll" and no "h" ("aorcarme", "pastiyas", "desmallo", "inconsiente"). A message that reads as Spanish
(`reads_spanish`: `MARKERS`, and "¿", "¡", "ñ") gets a Spanish reading beside its English one
(`faq.safety.readings`): accents and "ñ" folded, `TEXTING` and `TEXTING_IN_SPANISH` fixed (only
there: "q", "k" and "toy" of an English message stay as written), and `DANGER_WORDS` recovered
from any spelling that sounds the same (`sound_key`) or, for long words, nearly the same.

The groups follow the English ones kind by kind (every group sets `spanish`: the reply then
also speaks Spanish). A negation before a match cancels it as in English, but the "no" of "ya no
quiero vivir" or "no quiero seguir viviendo" is part of the pattern, so it is a crisis.
"""
from __future__ import annotations

import re

from faq.safety_patterns import _W, CRISIS, DISTRESS, MEDICAL, POISON, VIOLENCE, _group, _Group

# --- reading Spanish -----------------------------------------------------------------------------

# Texting and misspellings that are no English word: fixed in the Spanish reading, and a sign of Spanish.
TEXTING: dict[str, str] = {
    "q": "que", "ke": "que", "qe": "que", "xq": "porque", "pq": "porque", "porq": "porque", "xk": "porque",
    "pk": "porque", "porke": "porque", "xke": "porque", "pke": "porque", "porqe": "porque", "xque": "porque",
    "tmb": "tambien", "tmbn": "tambien", "tambn": "tambien", "tbm": "tambien",
    "kiero": "quiero", "qiero": "quiero", "kero": "quiero", "kieres": "quieres", "kiere": "quiere", "qiere": "quiere",
    "kieren": "quieren", "kisiera": "quisiera", "qisiera": "quisiera", "kisiese": "quisiese", "kien": "quien",
    "kitarme": "quitarme", "qitarme": "quitarme", "kitar": "quitar", "kitarse": "quitarse", "qitarse": "quitarse",
    "kitarle": "quitarle", "kedo": "quedo", "keda": "queda", "kedar": "quedar", "kedarme": "quedarme",
    "aki": "aqui", "aqi": "aqui", "xfa": "por favor", "xfavor": "por favor", "porfa": "por favor",
    "porfis": "por favor", "plis": "por favor", "stoy": "estoy", "sta": "esta", "stan": "estan",
    "tamos": "estamos", "bn": "bien", "aorita": "ahorita", "orita": "ahorita", "aora": "ahora", "nomas": "no mas",
    "nadien": "nadie", "mami": "mama", "papi": "papa", "hno": "hermano",
    "hna": "hermana", "awanto": "aguanto", "aguato": "aguanto", "awantar": "aguantar", "aguantoo": "aguanto",
    "haci": "asi", "asta": "hasta", "aser": "hacer", "acer": "hacer", "ise": "hice", "iso": "hizo", "hiso": "hizo",
    "bamos": "vamos", "voi": "voy", "boi": "voy", "sobredosi": "sobredosis",
    "salu2": "saludos", "mnn": "manana", "xa": "para", "sq": "es que",
}
# Short forms that are also English ("k" is "ok", "ta" is "thanks"): fixed in the Spanish reading, no sign of Spanish.
TEXTING_IN_SPANISH: dict[str, str] = {
    "k": "que", "x": "por", "d": "de", "m": "me", "t": "te", "ta": "esta", "tas": "estas", "pa": "para",
    "ma": "mama", "boy": "voy", "ba": "va", "bas": "vas", "ai": "ahi", "l": "el", "toy": "estoy", "tb": "tambien",
}
# Words of Spanish and not of English: two of them (one in a message of four words or fewer) make a
# message Spanish. Words English writes too ("no", "me", "son", "hay", "solo", "dice", "plan", "toy") are not here.
MARKERS = frozenset("""el la los las mi mis que es esta estoy tengo por para se muy ya pero como hijo hija mama
    papa esposo esposa amiga amigo quiero puedo voy todo nada vida morir ayuda del una su sus porque tambien
    ahora hoy aqui donde cuando usted ustedes ella ellos eso esto estan tiene puede hace fue eres somos estamos
    pecho dolor sangre respirar respira cara brazo nino nina bebe azucar corazon gracias hola programa cita
    medico doctora hablar necesito ayudeme ayudenme tomo se cayo desmayo mucho mucha algo alguien nadie
    un unos unas con le nos yo tus nuestro nuestra cual cuales quien quienes cuanto cuantos
    todos todas siempre nunca tampoco mas menos ayer anoche manana bien mal mejor peor asi entonces despues
    antes tengo tienes tenemos tienen estas estaba estaban estuvo siento sientes sentido ando anda andamos
    hago haces hizo hacer ser estar dar ver decir dijo dicen pueden podemos quieres quiere quieren ganas
    sigue sigo otra otro vez veces semana semanas dias noche tarde casa cuarto trabajo dios cielo miedo triste
    sola ansiedad animo estres agobiado agobiada estresado estresada cansado cansada hombre mujer senor
    senora novio novia pareja marido abuela abuelo hermano hermana vecino vecina paciente pte llamo llamar
    contesta responde despierta duele trago bebio comio ultimamente verificar antecedentes
    pensando caso emergencias emergencia quisiera dormirme cortar cortarme matarme hacerme dano entro entra aire""".split())
# The words the Spanish rules use, recovered from any spelling that sounds the same.
DANGER_WORDS = tuple("""
    morir morirme morirse morirte muero muere mueren muera muriera muriendo murio muerto muerta muertos muerte
    matar matarme matarse matarte matarlo matarla matarnos mato mate mata matando suicidarme suicidarse suicidio
    suicida suicidar suicidandome quitarme quitarse quitar vida vivir viviendo existir despertar desaparecer
    aguanto aguantar aguanta soporto soportar ahorcarme ahorcarse ahorcar ahorcado colgarme colgarse cortarme
    cortarse cortando cortandome corto corte venas munecas tirarme tirarse aventarme aventarse lanzarme
    envenenarme dispararme balazo pistola navaja cuchillo cuchilla soga cuerda puente azotea edificio
    pastillas pastilla pildoras medicinas medicina medicamentos insulina sobredosis frasco
    esperanza salida despedida despedirme despido adios perdonen perdon carga estorbo ultima ultimo
    desmayo desmayado desmayada desmayar desmayarse inconsciente conocimiento responde reacciona despierta
    respirar respira respirando ahogando ahoga ahogo atragantado atragantada atoro atorado
    convulsion convulsiones convulsionando convulsiono epileptico espuma
    sangre sangrando sangrado sangra sangrar hemorragia vomitando vomito vomita
    pecho dolor duele aprieta presion opresion brazo izquierdo mandibula quijada infarto cardiaco corazon
    derrame embolia cerebral caida torcida chueca hablar paralizada paralizado entumido entumida adormecido
    alergica alergia hinchando hinchada hinchado garganta lengua labios morados morado morada azules cerrando
    azucar glucosa baja bajo diabetico diabetica
    cloro blanqueador veneno envenenado envenenada intoxicado intoxicada detergente anticongelante
    limpiador gasolina insecticida amoniaco raticida
    esposo esposa marido pareja novio novia golpea golpeo golpeando pega pegando amenaza amenazo amenazando
    maltrata violencia violo abusa abuso encerrada encerrado escondida escondido tratando entrar miedo
    embarazada contracciones fuente bebe emergencia ambulancia ayuda auxilio
    quemadura quemado quemada incendio fuego hueso caido cayo cabeza golpe mareado mareada confundido confundida
    """.split())


_MARKERS_AND_DANGER = MARKERS | frozenset(DANGER_WORDS) | {"emergencias"}
_MARKS = re.compile("[\u00bf\u00a1\u00f1\u00d1]")  # ¿ ¡ ñ
_ACCENTS = re.compile("[\u00e1\u00e9\u00ed\u00f3\u00fa\u00c1\u00c9\u00cd\u00d3\u00da]")


def spanish_marks(text: str) -> int:
    """What a message's letters say of Spanish before they are folded: "¿", "¡" or "ñ" count as two
    Spanish words (enough alone), an accented vowel as one ("José" needs another)."""
    return 2 * bool(_MARKS.search(text)) + bool(_ACCENTS.search(text))


# English words nearly every English message holds: a message with none of them and one Spanish word reads as Spanish.
_ENGLISH_WORDS = frozenset("""the an and or but is are was were be been am i you she it we they my your his her
    our their this that to of in on at for with from by about not do does did have has had can could will would
    what how why who where when want need please help just so if""".split())


def reads_spanish(tokens: list[str], marks: int = 0) -> bool:
    """Two Spanish words, or one and no common English word (`_ENGLISH_WORDS`), counting `marks`: the
    message reads as Spanish. A one-letter texting form ("q", "k", "x") counts for nothing: English writes
    them too."""
    found = marks + sum((TEXTING.get(token, token) if len(token) > 1 else token) in _MARKERS_AND_DANGER
                        for token in tokens)
    return found >= 2 or (found == 1 and not _ENGLISH_WORDS.intersection(tokens))


def sound_key(word: str) -> str:
    """A Spanish word as it sounds: the letters a writer mixes up made one ("b"/"v", "s"/"z"/"c",
    "y"/"ll", "k"/"qu"/"c", a silent "h", doubled letters)."""
    key = word.replace("ch", "#").replace("ll", "y").replace("qu", "k").replace("h", "")
    key = re.sub(r"c(?=[ei])", "s", key).replace("z", "s").replace("c", "k").replace("v", "b")
    key = re.sub(r"g(?=[ei])", "j", key).replace("x", "ks").replace("ks", "s")
    return re.sub(r"(.)\1+", r"\1", key).replace("#", "ch")


# --- word classes ----------------------------------------------------------------------------------

PERSON = (r"(?:esposo|esposa|marido|mujer|pareja|novio|novia|ex|expareja|ex pareja|ex esposo|ex esposa|exesposo|"
          r"exesposa|exnovio|ex novio|jevo|jeva|chamaco|papa|padre|padrastro|mama|madre|madrastra|hermano|hermana|hijo|hija|tio|tia|"
          r"primo|prima|suegro|suegra|cunado|cunada|abuelo|abuela|vecino|vecina|viejo|vieja|companero|companera|"
          r"hombre|senor|tipo|muchacho|chavo)")
WHO = rf"(?:(?:mi|su|el|la|un|una) {PERSON}|el|ella|ellos|alguien)"
CHILD = (r"(?:hijo|hija|hijito|hijita|nino|nina|ninos|bebe|bebito|bebita|nene|nena|nieto|nieta|sobrino|sobrina|"
         r"chiquito|chiquita|\d+ (?:anos|meses)|nino de \d+ anos)")
PILLS = (r"(?:pastillas|pastilla|pills|pastis|pildoras|pildora|medicinas|medicina|medicamentos|medicamento|tabletas|capsulas|"
         r"insulina|tylenol|advil|aspirina|ibuprofeno|acetaminofen|paracetamol|xanax|clonazepam|rivotril|tramadol|"
         r"oxicodona|percocet|vicodin|fentanilo|heroina|morfina|metadona|antidepresivos|calmantes|analgesicos|"
         r"somniferos|litio|gabapentina)")
POISONS = (r"(?:cloro|clorox|blanqueador|lejia|veneno|raticida|matarratas|detergente|capsulas? de detergente|"
           r"pods?|anticongelante|limpiador|limpiadores|productos? de limpieza|destapacanos|destapador|gasolina|"
           r"thinner|tiner|insecticida|pesticida|herbicida|mata (?:ratas|hierba|cucarachas)|amoniaco|pila|pilas|"
           r"bateria|baterias|iman|imanes|aceite de lampara|quitaesmalte|acetona|enjuague bucal|gel antibacterial|"
           r"alcohol (?:de frotar|isopropilico)|nicotina|liquido del (?:vape|vapeador)|vape|cigarros?|colillas?|"
           r"gomitas de (?:marihuana|mariguana|melatonina|thc|vitaminas)|marihuana|mariguana|mota|liquido (?:de|para) \w+|"
           r"fabuloso|pinol|suavitel|maestro limpio|ajax|"
           r"jabon|pintura|pegamento|quimicos?|acido muriatico|sosa caustica|potasa|pastillas de (?:su|mi|la) (?:abuela|abuelo|mama|papa|tia))")
# Killing or harming oneself, as infinitives ("quiero matarme", "voy a acabar con todo").
KILL_SELF = (r"(?:matarme|matarse|suicidarme|suicidarse|quitarme la vida|quitarse la vida|acabar con (?:mi|su) vida|"
             r"terminar con (?:mi|su) vida|(?:acabar|terminar) con todo(?= [.,;:!?]|$| ya| de una vez| hoy| esta noche|"
             r" para siempre)|dejar de (?:existir|vivir)|irme de este mundo|irse de este mundo|dejar este mundo|"
             r"hacerme dano|hacerse dano|lastimarme|cortarme(?! (?:el|la|las|los) (?:pelo|cabello|unas|barba|fleco|"
             r"puntas))|cortarse(?! (?:el|la|las|los) (?:pelo|cabello|unas|barba|fleco|puntas))|ahorcarme|ahorcarse|"
             r"colgarme|colgarse|envenenarme|dispararme|pegarme un tiro|darme un tiro|volarme la cabeza|"
             r"tomarme (?:todas|todo el frasco|el frasco)|echarme (?:al|a la|del) (?:tren|metro|puente|rio|mar)|"
             r"irme con (?:dios|mi \w+)|reunirme con (?:mi|dios)|ya no vivir|no existir)")
KILL_THEMSELVES = (r"(?:matarse|suicidarse|quitarse la vida|acabar con su vida|terminar con su vida|hacerse dano|"
                   r"cortarse|ahorcarse|colgarse|morirse|dejar de vivir|irse de este mundo|envenenarse|dispararse|"
                   r"pegarse un tiro|darse un tiro|tirarse (?:del|de un|al|a las) \w+|aventarse)")
# Dying, wished for ("quiero morirme", "quisiera desaparecer"); "voy a morir" is a fear first (medical).
DIE = (r"(?:morir|morirme|morirse|desaparecer|no despertar|no volver a despertar|dormir(?:me)? para siempre|"
       r"estar muert[oa]|no estar aqui|ya no estar)")
WANT = (r"(?:quiero|queria|quisiera|quiera|deseo|deseaba|tengo ganas de|me dan ganas de|ganas de|voy a|iba a|"
        r"pienso|pienso en|pensando en|he pensado en|pense en|planeo|planeando|decidi|he decidido|necesito|prefiero|"
        r"preferiria|tratando de|estoy por|a punto de|mejor|lista para|listo para|es hora de|se me pasa por la cabeza|"
        r"se me ocurre|se me viene a la mente|me viene la idea de|tengo la idea de|la idea de|pensamientos de)")
# Someone else wanting it: "quiere matarse" is a crisis, "quiere matarme" a threat.
WANT_THEY = (r"(?:quiere|queria|desea|tiene ganas de|le dan ganas de|va a|piensa|piensa en|esta pensando en|decidio|"
             r"intento|trato de|quiso|amenaza con|amenazo con|habla de)")
WISH = r"(?!(?:voy|va|vas|iba) a )" + WANT  # wanting, not going to: "voy a morir" is a fear
# After a match, what makes it a figure of speech ("me muero de risa", "me muero por saber").
IDIOM = (r" (?:de (?:risa|la risa|ganas|hambre|sueno|calor|frio|aburrimiento|verguenza|la verguenza|pena|la pena|"
         r"nervios|cansancio|envidia|amor|gusto|celos|curiosidad|la curiosidad|tristeza|coraje|flojera|sed)|"
         r"por (?:saber|ver|conocer|ir|probar|empezar|unirme|entrar|comer|verte|verlos|que)|"
         r"del (?:aburrimiento|calor|frio|cansancio|susto|gusto|sueno|hambre|coraje)|"
         r"en (?:deudas|papeles|trabajo|problemas|tramites|pendientes|formularios))")
_NOT_HAIR = r"(?! (?:el|la|las|los) (?:pelo|cabello|unas|barba|fleco|puntas|dedo|dedos|mano|pie|pierna|cara|labio))"


def _es(kind: str, *patterns: str, **options: bool) -> _Group:
    """A group of Spanish patterns: a match makes the reply speak Spanish too."""
    return _group(kind, *patterns, spanish=True, **options)


# --- the groups ------------------------------------------------------------------------------------

GROUPS: tuple[_Group, ...] = (
    # --- a mental health crisis -------------------------------------------------------------------
    _es(
        CRISIS,
        rf"{WANT} {_W}{{0,1}}?{KILL_SELF}",
        rf"{WANT_THEY} {_W}{{0,1}}?{KILL_THEMSELVES}",
        rf"{WISH} {_W}{{0,1}}?{DIE}",
        r"(?:me (?:quiero|queria|quisiera|quiera|pienso|estoy pensando|ando pensando|dan ganas de|tengo ganas de)|"
        r"se (?:quiere|queria|quisiera|quiera|piensa|esta pensando)) (?:morir|matar|suicidar|quitar la vida|ir de este mundo|dormir para siempre|ahorcar|colgar|"
        r"envenenar|dar un tiro|pegar un tiro|volar la cabeza|hacer dano|cortar" + _NOT_HAIR + r")",
        r"(?<!dijo que )(?<!dice que )(?<!grito que )(?<!jura que )(?:me (?:voy|iba) a|se (?:va|iba) a) (?:matar|suicidar|quitar la vida|ahorcar|colgar|envenenar|dar un tiro|pegar un tiro|"
        r"volar la cabeza|ir de este mundo|cortar" + _NOT_HAIR + r")",
        r"(?:mejor|ojala|quisiera|deseo|desearia|prefiero|preferiria) (?:que )?(?:me muero|me muera|me muriera|"
        r"estar muert[oa]|muert[oa]|no despertar|no haber nacido|nunca haber nacido|no existir|desaparecer|morirme|"
        r"me quedara dormid[oa] para siempre|no despierte|no despertara|me lleve dios|dios me lleve)",
        r"(?:ya )?no (?:quiero|quiere|quieres|queria|tengo ganas de|tiene ganas de|deseo|pienso) "
        r"(?:vivir|seguir viviendo|seguir con vida|seguir en este mundo|estar en este mundo|existir|"
        r"despertar(?:me)?(?= [.,;:!?]|$| manana| nunca| mas| otra)|estar viv[oa]|seguir (?:asi|aqui|adelante)"
        r"(?= [.,;:!?]|$)|seguir(?= [.,;:!?]|$| mas)|estar aqui(?= [.,;:!?]|$| mas| en este))",
        r"ya no quiero (?:nada|seguir|estar aqui|luchar)(?= [.,;:!?]|$)",
        r"(?:no (?:tengo|tiene|hay|le encuentro|encuentro|veo)|sin|perdi (?:las|mis)?) (?:razon|razones|motivo|"
        r"motivos|ganas|sentido|proposito) (?:para|de|a|por (?:el )?que|por (?:el )?cual) (?:vivir|seguir|la vida|"
        r"mi vida|despertar)|nada por (?:lo )?(?:que|cual) vivir|(?:para|de) que (?:vivir|seguir viviendo|"
        r"sirve vivir)|(?:la|mi) vida (?:ya )?no (?:tiene|vale|me da) (?:sentido|nada|la pena)|no vale la pena "
        r"(?:vivir|seguir|estar viv\w*|mi vida)|que sentido tiene (?:vivir|seguir|la vida)",
        r"(?:ya )?no (?:aguanto|soporto|puedo|resisto) (?:mas|seguir|con mi vida|con la vida|vivir asi|"
        r"esta vida|la vida)(?= [.,;:!?]|$| ya| me| quiero| no| mi| de verdad| la| esta| con| y)|"
        r"(?:ya )?no (?:aguanto|soporto|puedo mas)(?= [.,;:!?]|$)|(?:cansad[oa]|harta|harto) de "
        r"(?:vivir|la vida|luchar|existir)|ya (?:me )?rindo(?= [.,;:!?]|$| de todo| con la vida)|"
        r"ya estoy list[oa] para (?:irme|morir|partir|dejar)",
        r"(?:soy|seria|me siento) (?:una|un) (?:carga|estorbo)|(?:solo|nomas) (?:les |le |te )?(?:causo|doy|traigo) "
        r"(?:problemas|molestias|lata|sufrimiento)|(?:seria|sera) un alivio (?:para todos |para ellos )?(?:si|que|cuando) "
        r"(?:me muero|me muera|ya no este|desaparezco|me voy)|sin mi (?:estarian|estaria|vivirian|seria) (?:todos )?"
        r"mejor|ya no quiero ser (?:una|un) (?:carga|estorbo|problema)|(?:les|le) quitaria un peso de encima|(?:estarian|estaria|estarias|vivirian|seria|estaran) "
        r"(?:todos )?(?:mejor|mas felices|tranquilos) sin mi|(?:nadie|a nadie) (?:me )?(?:extranaria|va a extranar|"
        r"notaria|le importaria|le va a importar|se daria cuenta)(?: si| que| cuando)? ?(?:me muero|muero|me voy|"
        r"desaparezco|me mato|ya no estoy|no estoy)?",
        r"(?:no hay|no veo|no le veo|no encuentro|sin) (?:otra |ninguna )?salida|la unica salida|(?:no tengo|sin|perdi) "
        r"(?:toda )?(?:la )?esperanzas?|desesperanza\w*|no tengo futuro|ya nada importa|ya no me queda nada|"
        r"no le encuentro sentido a (?:la|mi) vida",
        r"me (?:cuelgo|ahorco|mato|suicido|disparo)(?= [.,;:!?]|$| hoy| esta noche| manana| con| de una| del (?:techo|"
        r"puente|arbol))|para (?:tomarmel[oa]s?|bebermel[oa]|tragarmel[oa]s?|usarl[oa]s? (?:en|contra) mi|matarme|morirme|"
        r"suicidarme|(?:ya )?no despertar|acabar con todo|quitarme la vida)|usarl[oa]s? (?:en|contra) mi(?: mism[oa])?"
        r"(?= [.,;:!?]|$)|mejor {_W}{0,3}si (?:yo )?(?:ya )?no (?:estuviera|existiera|viviera|hubiera nacido)|"
        r"(?:les |le |te )?(?:deje|dejo|escribi|escribo|he escrito) (?:una |mi |unas |las |mis )?cartas? (?:a|para) (?:mis|mi|"
        r"todos|ustedes)|(?:se|me) (?:despide|despidio|esta despidiendo|despido) de (?:todos|todo el mundo|su familia|"
        r"mi familia|ustedes|sus hijos|mis hijos)|(?:que cantidad|cuant[oa]s?) (?:de )?{_W}{0,3}(?:mata|matan|matarian|"
        r"es mortal|es letal|son letales|son mortales)\b",
        # self-harm
        r"me (?:corto|estoy cortando|cortaba|vuelvo a cortar|volvi a cortar|sigo cortando|he cortado|quemo con)"
        + _NOT_HAIR + r"(?! con (?:un|una|el|la) (?:papel|lata|vidrio|hoja)| cocinando| haciendo| rasurando)|"
        r"cortarme (?:las venas|los brazos|las munecas|las piernas)|me corte (?:las venas|los brazos|las munecas|las piernas|"
        r"otra vez|de nuevo|a proposito|para)|me (?:queme|quemo|corte|corto|lastime|lastimo|pegue|golpee|hice dano|"
        r"rasgune|arane) {_W}{0,3}a proposito|(?:quemarme|me quemo|me queme) con (?:un |el |los )?(?:cigarro|encendedor|"
        r"cerillo)s?|me (?:hago|hice|estoy haciendo) dano (?:a proposito|"
        r"yo sol[oa]|otra vez|a mi mism[oa])|autolesion\w*|me (?:volvi|vuelvo) a (?:cortar|lastimar)|(?:cortadas|"
        r"cortaduras|cortes) (?:en|de) (?:mis|los|sus) (?:brazos|piernas|munecas)|a proposito {_W}{0,2}(?:para morir|"
        r"para no despertar|para acabar)",
        # goodbye, a plan, the means
        r"(?:hoy|esta noche|manana) (?:es|sera)(?: el dia| la noche)?(?= [.,;:!?]|$)|(?:ya )?(?:escribi|deje|hice) (?:la|mi|"
        r"una) carta(?= [.,;:!?]|$| y| para)|(?:tengo|tiene) (?:las|mis|unas|la|una|el|mi) (?:pastillas|pildoras|soga|cuerda|"
        r"pistola|navaja) (?:aqui|listas?|conmigo|en la mano|junto a mi)|(?:tengo|tiene|compre|compro) (?:una|la) "
        r"(?:cuerda|soga)(?! para (?:tender|la ropa|el perro|brincar|saltar))|(?:me voy|me ire|irme|desaparezco|desaparecer|"
        r"me voy a ir) para siempre|para que (?:sigo|seguir|vivo|vivir|existo|sigo viv[oa]|sigo aqui)|no tengo (?:por|para) "
        r"(?:que|quien) vivir|(?:ya )?no (?:voy|va) a estar(?= [.,;:!?]|$| aqui| mas| para| con)|(?:diganle|digan|dile|"
        r"digale) a (?:mi|mis) \w+ que (?:lo|la|los|las) (?:quiero|amo)|(?:repartiendo|regalando|repartir|regalar|reparti) "
        r"(?:todas )?(?:mis|todas mis) cosas|me voy de este mundo|(?:tomar|tomarme|me voy a tomar|voy a tomar|me tomo) "
        r"(?:el|un|todo el) (?:frasco|bote)(?: entero)?|(?:motor|carro|coche) (?:prendido|encendido) en (?:el|la) "
        r"(?:garaje|garage|cochera)|(?:garaje|garage|cochera) cerrad[oa] con el (?:carro|motor)|me doy miedo|tengo miedo de "
        r"(?:lo que (?:pueda|puedo|voy a) hacer(?:me)?|hacerme algo)|no confio en mi mism[oa]|(?:mejor )?acabar con esto"
        r"(?= [.,;:!?]|$)|(?:se|me) (?:despide|despidio|despido)(?= [.,;:!?]|$)|",
        r"(?:adios|me despido de) (?:a )?(?:todos|ustedes|mi familia|este mundo|para siempre|mundo)|"
        r"(?:esta|es) (?:es )?mi despedida|carta de despedida|(?:les |te )?(?:deje|dejo|escribi|escribo) (?:una|mi|unas) "
        r"cartas?(?= [.,;:!?]|$| de despedida| para mi| a mi)|(?:esta )?(?:es|sera) la ultima vez que (?:me |les |te |los )?"
        r"(?:escribo|hablo|ven|ves|van a ver|saben)|no me (?:volveran|van a volver|vuelven) a ver|"
        r"(?:ya )?no me van a ver (?:mas|nunca)|(?:perdon(?:en|enme)?|lo siento|disculpen) por todo|"
        r"cuiden (?:a|de) (?:mis hijos|mi familia|mi mama|mi perro|mi gato|mis ninos)(?= [.,;:!?]|$| por mi| cuando)|"
        r"(?:regale|regalo|regalando|estoy regalando|he regalado) (?:todas )?(?:mis|todas mis) cosas|"
        r"nos vemos en (?:el cielo|la otra vida)|(?:la )?(?:unica )?salida es (?:la muerte|morir(?:me)?)|"
        r"no (?:volver a )?despertar nunca|nunca (?:mas )?despertar|dormirme y no despertar|me despedi de (?:todos|mi "
        r"familia|mis hijos|ustedes)|(?:es|sera) la ultima vez(?= [.,;:!?]|$)|(?:ya )?(?:tengo|tiene) (?:un|el|todo un) plan(?= [.,;:!?]|$| para)|"
        r"(?:ya )?(?:tengo|tiene) todo (?:listo|planeado|preparado)(?= [.,;:!?]|$| para| y)|ya (?:lo )?decidi"
        r"(?= [.,;:!?]|$)|ya tome la decision|ya se como (?:lo voy a hacer|hacerlo|voy a hacerlo)|(?:hoy|esta noche|manana) "
        r"(?:es|sera) (?:el dia|la noche)(?= [.,;:!?]|$)|(?:hoy|esta noche) (?:lo hago|se acaba todo|termino con todo|"
        r"acabo con todo)|"
        rf"cuant(?:as|os|a|o) {_W}{{0,2}}?(?:{PILLS}) {_W}{{0,5}}?(?:para (?:morir|no despertar|matarme|matar|"
        r"quedarme dormid[oa] para siempre)|son mortales|es mortal)|dosis (?:letal|mortal)|(?:juntando|guardando|"
        rf"ahorrando|escondiendo|junte|guarde) {_W}{{0,2}}?(?:{PILLS})(?! (?:en|para) (?:el|la|mi) (?:viaje|"
        r"refrigerador|pastillero))|(?:tengo|tiene) (?:la|una|el|mi) (?:pistola|arma|soga|cuerda|navaja|cuchilla) "
        r"(?:aqui|en la mano|lista|cargada|conmigo|preparada)|(?:pastillas|pildoras|cuchillo|pistola|navaja|soga) en "
        r"la mano|(?:estoy|esta) (?:en|arriba de|parad[oa] en|en la orilla del) (?:el )?(?:puente|azotea|techo|"
        r"orilla)(?= [.,;:!?]|$| y| del| de| ahorita| ahora)|(?:voy|va) a (?:saltar|brincar|tirarme|aventarme)"
        r"(?= [.,;:!?]|$| del| desde| al| por| a las)|(?:tirarme|aventarme|lanzarme|saltar|brincar|me voy a (?:tirar|aventar|lanzar)|"
        r"se va a (?:tirar|aventar|lanzar)|me (?:tiro|aviento|lanzo)) (?:del|de un|de una|"
        r"desde el|desde la|al|a las vias|frente al?) (?:puente|edificio|techo|azotea|tren|metro|vias|carro|carros|"
        r"camion|trailer|rio|mar|balcon|freeway|autopista|piso \w+)|(?:una )?soga (?:lista|en el cuello|colgada)|"
        r"(?:ya )?me (?:tome|trague) todas (?:las|mis)(?! \w+ (?:de|del) (?:hoy|dia|la manana|la noche))|(?:tomarme|tomare|"
        r"tomarse|me voy a tomar|se va a tomar|voy a tomar|va a tomar|me tomo|quiero tomar|quiero tomarme|quiere tomarse|"
        r"se quiere tomar) todas (?:mis|las|sus|estas|esas) (?:pastillas|pildoras|medicinas|pills)(?! (?:de|del) (?:hoy|dia|la manana|la noche|la semana))|(?:pastillas|pildoras) "
        r"(?:listas|guardadas|juntas)|(?:es|seria|sera) mejor (?:asi|para todos)(?= [.,;:!?]|$| si me)|"
        r"(?:ya )?no (?:voy a|va a) (?:estar|necesitar) (?:aqui|mas|la cita|las citas|mis medicinas)"
        r"(?= [.,;:!?]|$| manana| para)|(?:mejor )?ya me voy para siempre|estrellar (?:el|mi) (?:carro|coche) a "
        r"proposito|me quiero ir (?:de aqui )?para siempre",
        # someone else
        rf"(?:{WHO} )?(?:dice|dijo|habla de|hablo de|esta hablando de|amenaza con|amenazo con|escribio|publico|"
        r"me escribio|me dijo|me mando mensaje|sigue diciendo) (?:que )?(?:se (?:quiere|va a) (?:matar|suicidar|"
        r"quitar la vida|morir)|quiere (?:morir|morirse|matarse|suicidarse)|va a (?:matarse|suicidarse)|suicidarse|"
        r"matarse|quitarse la vida|morirse|la muerte|despedirse|ya no quiere vivir)",
        r"intento (?:suicidarse|matarse|quitarse la vida|ahorcarse|cortarse) (?:ahora|ahorita|hoy|anoche|otra vez|"
        r"hace (?:un rato|unos minutos|una hora))|se (?:corta|esta cortando|corto las venas|quiere aventar|va a aventar)",
    ),
    # crisis words that may be in the past or a topic ("intenté suicidarme hace años", "prevención del suicidio")
    _es(
        CRISIS,
        r"(?<!social )(?<!media )(?<!career )(?<!political )(?<!financial )suicid\w*|autolesion\w*|(?:intente|trate de|"
        r"intentaba) (?:suicidarme|matarme|quitarme la vida|ahorcarme|cortarme)|(?:intento|trato de) (?:suicidarse|"
        r"matarse|quitarse la vida|ahorcarse|cortarse)|(?<!quiere )(?<!queria )(?<!va a )(?<!con )(?<!intento )"
        r"(?<!trato de )(?<!trata de )(?<!quiso )matarme|matarse|quitarme la vida|acabar con mi vida|terminar con mi vida|"
        r"ahorcarme|suicidarme|"
        r"quitarse la vida|pensamientos (?:de (?:muerte|morir|suicidio)|suicidas)|ideas? (?:de (?:muerte|morir|"
        r"suicidio)|suicidas)",
        event=True,
    ),
    # danger words alone (recall first): another kind found in the message comes first
    _es(
        CRISIS,
        r"(?:me|se) (?:muero|muere|mueren)(?! de| por)|morirme|morirse|"
        r"(?:pistola|rifle|escopeta|arma de fuego|soga|navaja|cuchilla)(?! (?:de (?:juguete|agua)|para))|"
        r"me quiero ir (?:para siempre|de este mundo)|ya no (?:puedo|aguanto)$|(?:tomar|tomarme|tomare) todas"
        r"(?= [.,;:!?]|$| juntas| de una| esta noche| de golpe)|(?:voy|va) a saltar|(?:una )?soga|me mato(?= [.,;:!?]|$| ya| hoy| "
        r"esta noche| ahorita)|quitar(?:me|se|le)? la vida",
        event=True, weak=True, hypothetical=True,
    ),
    # --- danger from someone else -----------------------------------------------------------------
    _es(
        VIOLENCE,
        r"(?<!se )(?:me|nos|la|lo|le|les|a mi|a mis hijos|a los ninos) (?:esta |estan |sigue |volvio a |siempre |ya )?"
        r"(?:pega|pego|pegan|golpea|golpeo|golpean|golpeando|pegando|maltrata|maltrato|maltratando|ahorca|ahorco|"
        r"ahorcando|estrangula|estrangulo|patea|pateo|pateando|abofeteo|cachetea|cacheteo|amenaza|amenazo|amenazando|"
        r"violo|viola|ataco|atacando|apunalo|acuchillo|(?:quiere|quieren|va a|van a) (?:matar|pegar|golpear|lastimar|"
        r"hacer dano|ahorcar|violar|atacar))"
        r"(?! (?:el|la) (?:covid|gripe|gripa|virus|resfriado|catarro|sol))(?! (?:si|cuando|porque|jaja|jeje|lol)\b)"
        r"(?! (?:de|del) (?:lluvia|huracan|tormenta|incendio|virus|covid|despido))",
        rf"{WHO} (?:me|nos|la|lo|le|les|a mi) (?:esta |sigue |volvio a |siempre )?(?:empujo|empuja|lastima|lastimo|"
        r"quemo|quema|encerro|encierra|esta matando|esta lastimando|quiere hacer dano|hace dano|toca|toco|manosea|"
        r"manoseo|disparo)",
        r"(?:quiere|queria|va a|iba a|intento|trato de|trata de|quiso) (?:matarme|matarnos|pegarme|golpearme|"
        r"lastimarme|hacerme dano|ahorcarme)(?! (?:si|cuando|porque|jaja|jeje|lol)\b)|"
        r"(?:me|nos|la|lo|le) (?:esta dando|estan dando|da|dio|dan|dieron) (?:de )?(?:golpes|cachetadas|patadas|una golpiza|"
        r"una paliza|punetazos|trancazos|chingadazos)|"
        r"(?:esta|estan) (?:golpeando|pegando|ahorcando|acuchillando|atacando|pateando) a (?:su|mi|la|el|los|mis) \w+|"
        r"(?:me|lo|la|le|nos) (?:pegaron|golpearon|asaltaron|atacaron|apunalaron|balearon)|(?:me|nos) (?:sigue|siguen|"
        r"esta siguiendo|persigue) (?:a todas partes|a todos lados|hasta (?:mi|la) casa)|"
        r"(?:me|nos|la|lo|le) (?:amenazo|amenaza|amenazaron) de muerte|amenazas? de muerte|(?:dijo|dice) que (?:me|nos|"
        r"la|lo|le) (?:iba|va) a (?:matar|hacer algo|hacer dano|pegar|desaparecer)|(?:viene|va a venir|vendra|dijo que "
        r"viene|esta viniendo) (?:para aca |para aqui |a mi casa )?(?:a|para) (?:matarme|pegarme|hacerme dano|"
        r"golpearme|matarnos|llevarse a)|(?:viene|va a venir|volver|regresar) con (?:una|un) (?:pistola|arma|cuchillo)|"
        r"mensajes? (?:amenazandome|amenazando|de amenaza)|(?:le|les) (?:pega|pego|golpea|golpeo|hace dano|hizo dano|"
        r"quemo|quema|maltrata) (?:a )?(?:mi|mis|los|las|la|el|su|sus) (?:hij\w+|nin\w+|bebe|nieto\w*|nieta\w*)|"
        r"(?:golpea|golpeo|maltrata|lastima|lastimo|quemo) a (?:mi|mis|los|las|la|el|su|sus) (?:hij\w+|nin\w+|bebe|herman\w+|nieto\w*|"
        r"nieta\w*)|(?:abusaron|abuso|toco|tocaron|manoseo) (?:de )?(?:a )?(?:mi|la|el) (?:hij\w+|nin\w+|nieta|nieto|"
        r"sobrin\w+)|(?:un|una|el|la) (?:paciente|persona|senor|senora|hombre|mujer) (?:esta )?(?:amenazando|golpeo|"
        r"golpeando|atacando|ataco|gritando y amenazando) (?:a|al) (?:la |el |los |las )?(?:personal|recepcionista|doctor\w*|"
        r"enfermer\w+|medic\w+|staff|equipo|todos)|(?:con|tiene|trae) (?:un|una) (?:arma|pistola|cuchillo) en (?:la sala de "
        r"espera|el consultorio|la clinica|la oficina|la recepcion)|"
        r"(?:amenaza|amenazo|amenazando|amenazaba) con (?:hacerle dano|hacernos dano|hacerme dano|lastimarla|lastimarlo|"
        r"matarla|matarlo|matarme|matarnos|matarla|matarlo|pegarme|golpearme|"
        r"lastimarme|llevarse a (?:mis|los) (?:hijos|ninos)|un cuchillo|una pistola|un arma|una navaja|un machete)|"
        r"(?:con|saco|saca|tiene|trae|agarro) (?:un |una |el |la |su )?(?:cuchillo|pistola|arma|navaja|machete|bate|rifle)"
        r"(?! (?:de (?:juguete|agua|cocina)|para (?:cocinar|la cocina)))|me apunto con|"
        r"(?:tengo|tiene|tenemos) miedo (?:de que|que|a que) (?:me|nos|la|lo|le) (?:mate|pegue|golpee|lastime|"
        r"haga dano|encuentre|haga algo)|tengo miedo (?:de|a) (?:(?:mi|su) (?:esposo|esposa|marido|pareja|novio|novia|ex|"
        r"papa|padrastro)|el|ella)(?= [.,;:!?]|$| y| porque| me| nos)|"
        rf"{WHO} no (?:me|nos) deja (?:salir|irme|ir|llamar|usar el telefono)(?! a caminar| a correr| al parque)|me tiene encerrad[oa]|"
        r"(?:alguien|un hombre|una persona|un tipo|unos hombres|mi ex) (?:esta |estan )?(?:entrando|metiendose|"
        r"tratando de (?:entrar|meterse|abrir)|quiere entrar|entro a (?:mi|la) casa|forzando la puerta|entro(?= [.,;:!?]|$| en| por)|tumbando la "
        r"puerta)|(?:dice|dijo|grita|gritaba|jura) que (?:me|nos|la|lo|te) va a matar|(?<!coordinador )(?<!coordinadora )(?<!jefe )(?<!jefa )"
        r"(?<!doctor )(?<!doctora )(?<!maestra )(?<!maestro )(?:me|nos) va a matar(?= [.,;:!?]|$| hoy| esta noche| ahora)|(?:me|nos) (?:acosa|persigue|esta siguiendo|sigue a todos lados|"
        r"sigue a (?:casa|mi casa))|no estoy (?:segura|seguro|a salvo) en (?:mi )?casa|tengo miedo de (?:volver|"
        r"regresar|ir) a (?:mi )?casa|me (?:estoy escondiendo|escondi)|(?:estoy|estamos) escondid[oa]s?|"
        r"(?:me|le) (?:dejo|dejaron) (?:moretones|marcas)|moretones en (?:el cuello|la cara|todo el cuerpo)|"
        r"me rompio (?:el brazo|la nariz|las costillas|la boca|un diente)|(?:me|la|lo) violaron|"
        r"abus(?:a|o|ando) (?:sexualmente )?de (?:mi|ella|el|mis hijos|mi hija|mi hijo|la nina|el nino)|"
        r"(?:voy|vamos|va|van|quiero|quiere|ganas de|pienso|piensa|planeo|planea) (?:a )?(?:ir a )?(?:matar|balear|"
        r"disparar|apunalar|acuchillar) (?:a|al|le)(?= )|(?:alguien|un hombre|una persona|un tipo|unos hombres|un paciente|"
        r"una paciente|una mujer) armad[oa]s?|(?:estoy|estamos) (?:encerrad|escondid)[oa]s? en (?:el|un|mi|la) (?:bano|"
        r"cuarto|closet|carro|recamara)|(?:le|me|nos) dispararon|balacera|(?:hay|oigo|escucho) (?:disparos|balazos)|(?:lo|la|me) "
        r"(?:apunalaron|acuchillaron)",
        # a child left alone or shut in
        rf"(?:dejaron|dejo|deja|dejan|dejaste) (?:sol[oa]s?|encerrad[oa]s?) (?:al|a la|a los|a las|a mi|a su|a mis|a sus) "
        rf"(?:{CHILD}|hijos|hijas)|(?:el|la|los|las|mi|mis|su|sus) (?:{CHILD}|hijos|hijas) (?:esta|estan|se quedo|se quedaron|sigue|siguen) "
        r"(?:sol[oa]s?|encerrad[oa]s?) (?:en (?:el|un|la|una) (?:carro|coche|auto|camioneta|troca)|desde (?:ayer|anoche|"
        r"hace (?:horas|dias)))",
    ),
    _es(
        VIOLENCE,
        r"violencia (?:domestica|familiar|de pareja|intrafamiliar)|abuso (?:sexual|domestico)|violacion",
        event=True,
    ),
    # --- poisoning -------------------------------------------------------------------------------------
    _es(
        POISON,
        rf"(?:se )?(?:tomo|bebio|trago|comio|ingirio|chupo|mordio|lamio|probo|metio a la boca|se metio|inhalo|tome|"
        rf"bebi|trague|comi|tomaron|bebieron|comieron) {_W}{{0,4}}?{POISONS}",
        rf"{CHILD} {_W}{{0,3}}?(?:se )?(?:tomo|trago|comio|se metio|mastico|agarro) {_W}{{0,3}}?(?:{PILLS})",
        rf"(?:se )?(?:trago|trague|tragaron) (?:unas|varias|unas cuantas|algunas|un punado de) (?:\w+ )?(?:{PILLS})",
        r"(?:se )?(?:tomo|bebio|trago|comio|se metio a la boca) algo (?:de|del|que estaba|debajo|bajo) {_W}{0,3}(?:fregadero|"
        r"lavabo|garaje|garage|cochera|bano|gabinete|limpieza|cocina)|"
        r"(?:se )?(?:tomo|bebio) agua con (?:cloro|jabon|detergente)|(?:inhalo|olio|aspiro|respiro) {_W}{0,2}(?:gas|"
        r"thinner|tiner|pegamento|quimicos|cloro|humo)",
        rf"(?:encontre|encontramos) (?:a )?(?:mi |la |el )?{CHILD} con (?:el|un|los|las|unas) (?:frasco|bote|botella|"
        rf"{PILLS}|{POISONS})",
        r"intoxicad\w*|intoxicacion|envenen\w*|monoxido de carbono|(?:huele|olor) a gas (?:y|,) {_W}{0,4}(?:mare\w*|"
        r"dolor de cabeza|vomit\w*|desmay\w*|dormid\w*)|(?:me|le|lo|la) (?:pico|mordio) (?:una|un) (?:vibora|serpiente|alacran|"
        r"escorpion|arana|viuda negra|vibora de cascabel)|(?:mordida|picadura) de (?:vibora|serpiente|alacran|escorpion|"
        r"viuda negra)",
    ),
    # --- a medical emergency, by its signs -----------------------------------------------------------
    _es(
        MEDICAL,
        # chest, with other signs: now
        r"(?:dolor|presion|opresion|apreton|peso) (?:muy )?(?:fuerte |horrible |intens[oa] |terrible )?(?:en|sobre) el "
        r"pecho (?:y|con|que) {_W}{0,4}(?:brazo|sudor|sudando|mare\w*|no puedo respirar|falta el aire|quijada|mandibula)|"
        r"(?:pecho|corazon) {_W}{0,6}aplast\w*|brazo izquierdo y (?:la |el )?(?:quijada|mandibula|pecho)|"
        r"(?:se|me) (?:tomo|trago|metio|inyecto|tome|trague|inyecte|puso) {_W}{0,2}(?:muchas|varias|un monton de|un punado de|"
        r"demasiad[oa]s?|de mas|mas de la cuenta) {_W}{0,2}(?:pastillas|pildoras|insulina|drogas|medicina|tabletas|"
        r"fentanilo)|(?:se|me) (?:paso|pase) con (?:la|las|el) (?:insulina|pastillas|medicina|dosis)|(?:se metio|tomo|"
        r"fumo|se inyecto) {_W}{0,2}(?:drogas|fentanilo|algo) {_W}{0,3}(?:no despierta|no responde|no respira|morad\w*|"
        r"inconsciente)|no se (?:que|cuanto|cuantas) (?:se )?(?:tomo|trago|comio|bebio)|"
        r"(?:le di|le dio|le dimos|se tomo|tomo|se trago) {_W}{0,3}(?:demasiad[oa]|mucho|de mas|doble|el doble|el frasco "
        r"entero|todo el frasco) (?:de )?(?:jarabe|medicina|tylenol|motrin|insulina|pastillas)|(?:jarabe|frasco|bote|"
        r"botella) {_W}{0,3}enter[oa]|(?:se (?:le|me) bajo|bajon de|baja de|bajo) (?:el )?(?:azucar|glucosa) {_W}{0,6}"
        r"(?:rar[oa]|no contesta|no responde|confundid\w*|desmay\w*|temblando|sudando|no despierta|incoherente|no habla|"
        r"dormid\w*)|dando a luz (?:en|ahorita|ahora)|ya (?:se ve|le veo|se le ve) la cabeza|(?:me|lo|la|le) "
        r"(?:atropellaron|atropello|arrollo|arrollaron)|no (?:puedo|puede) mover (?:las piernas|el cuerpo|nada)|no "
        r"(?:siento|siente) (?:las piernas|el cuerpo)|(?:choque|choco|accidente) {_W}{0,6}(?:cabeza|veo doble|ve doble|"
        r"sangr\w*|no puedo mover|inconsciente)|"
        r"como si me (?:aplastaran|estuvieran aplastando|apretaran)|"
        r"(?:dolor|presion) (?:que )?(?:baja|se va|se corre|corre|se extiende|sube|se pasa) (?:al|por el|hacia el|a la|"
        r"hasta el) (?:brazo|quijada|mandibula|cuello|espalda|hombro)|(?:me|le) (?:esta dando|acaba de dar) un "
        r"(?:infarto|ataque al corazon|ataque cardiaco|derrame|paro)|me duele (?:mucho |horrible |bien feo )?el pecho "
        r"(?:y|con) {_W}{0,4}(?:brazo|sudo|sudando|mare\w*|no puedo|me falta)",
        # breathing, choking, colour, pulse
        r"no (?:puedo|puede|podia|podemos|pueden) respirar|no (?:respira|esta respirando)|dejo de respirar|"
        r"(?:me|le) cuesta (?:mucho |trabajo )?respirar|casi no (?:puede|puedo) respirar|(?:dificultad|problemas) "
        r"para respirar|(?:me|le|se me|se le) (?:falta|acaba) el aire|falta de aire|me estoy ahogando|no (?:me|le) entra (?:el )?aire|"
        r"no (?:puedo|puede) jalar (?:el )?aire|(?:se|me) (?:esta )?(?:ahogando|"
        r"ahoga|ahogo)|se (?:atraganto|esta atragantando)|atragantad[oa]|(?:se le|se me) (?:atoro|atranco|quedo "
        r"atorad[oa]) {_W}{0,3}(?:garganta|comida|hueso|algo|pedazo)|(?:algo|comida) atorad[oa] en la garganta|"
        r"respira (?:raro|muy rapido|con dificultad|feo|muy lento|con ruido)|(?:inhalador|nebulizador) no (?:le |me )?"
        r"(?:funciona|ayuda|hace nada|sirve)|labios (?:morados|azules|moraditos)|(?:se puso|se esta poniendo|se pone|se quedo|esta|se ve) "
        r"(?:toda |todo |bien |muy )?(?:morad\w*|azul\w*|gris)(?! (?:la|el) (?:pagina|boton|pantalla|letra))|(?:boca|cara|unas|dedos|piel) (?:morad\w*|azul\w*)|poniendo (?:morad\w*|azul\w*)|(?:sin|no tiene|no le siento|"
        r"no le encuentro el) pulso|(?:su|el) corazon (?:no late|se paro|dejo de latir)|no (?:le )?late el corazon",
        # consciousness, seizures
        r"(?<!casi )(?:se|me) (?:desmayo|desmaye|esta desmayando|desmaya|voy a desmayar)|desmayad[oa]|inconsciente|"
        r"perdio el (?:conocimiento|sentido)|no (?:responde|reacciona)(?! (?:a )?(?:mis|los|las|mi|el|la|nuestros|sus|"
        r"nada de) (?:mensajes|correos|llamadas|telefono|email|preguntas|solicitud|emails|textos))|"
        r"no (?:despierta|se despierta|lo puedo despertar|la puedo despertar|podemos despertarl[oa])|"
        r"(?:se|me) (?:cayo|desplomo|colapso) y (?:no|ya no) (?:responde|se mueve|despierta|reacciona|habla|"
        r"se levanta|puede levantarse)|no se mueve(?= [.,;:!?]|$| y| ni)|"
        r"convulsionando|(?:esta|le esta) (?:convulsionando|dando una convulsion|dando convulsiones)|(?:le )?(?:dio|da|"
        r"dan|esta dando) (?:una )?(?:convulsion|convulsiones|ataque epileptico)(?= [.,;:!?]|$| y| otra| ahora)|"
        r"(?:echando|echa|saca) espuma por la boca|(?:ojos|los ojos) (?:en blanco|volteados|para atras)|"
        r"se le (?:voltearon|fueron) los ojos|temblando (?:y no|sin control|en el piso)",
        # stroke signs
        r"(?:la |su |mi )?(?:cara|boca) (?:caida|torcida|chueca|ladeada|paralizada|dormida|de lado|colgada)|"
        r"se (?:le|me) (?:cayo|cae|esta cayendo|torcio|durmio|paralizo) (?:la cara|la boca|un lado|la mitad|media cara|el "
        r"lado)|(?:un lado|la mitad|el lado (?:izquierdo|derecho)) (?:de la cara|del cuerpo) (?:\w+ )?(?:dormid\w*|"
        r"entumid\w*|paralizad\w*|debil|caid\w*|no (?:lo|la|le) (?:siento|siente|puede mover))|"
        r"no (?:puede|podia) hablar|no puedo hablar(?= [.,;:!?]|$| bien| claro| y| se me)|no (?:puede|puedo|podia) "
        r"(?:levantar (?:el|los|su|mi) brazo|mover (?:el|un|su|mi|la) (?:brazo|lado|pierna|mano)|sentir (?:el|la|mi|su) "
        r"(?:brazo|pierna|lado|cara))|habla (?:raro|arrastrando|chistoso|incoherente|como borrach[oa]|enredado|trabado|"
        r"mocho|sin sentido)|arrastra (?:las palabras|la lengua)|no se le entiende (?:lo que dice|nada|al hablar)|"
        r"de repente (?:no puede|no puedo|se le|perdio|confundid\w*|no ve|no habla|no me reconoce)|(?:el )?peor dolor "
        r"de cabeza de (?:mi|su) vida|(?:perdio|perdi) la vista|no (?:ve|veo) (?:de|por|con) un ojo",
        # bleeding, injury, burns
        r"(?:sangra|sangrando|sangrado|sangre) (?:mucho|muchisimo|demasiado|sin parar|a chorros|bastante|un chorro|"
        r"horrible|y no para|que no para)|no (?:para|deja|deja de|se detiene|para de|paraba de) (?:de )?sangrar|"
        r"(?:sangrado|sangre) que no (?:para|se detiene|se quita|para de salir)|no (?:para|se detiene|se para|se quita) "
        r"(?:el|la) (?:sangrado|sangre)|mucha sangre|charco de sangre|sangre por todos lados|(?:vomitando|vomita|vomito|"
        r"tose|tosiendo|escupiendo|escupe|echando) sangre|(?:sangre|sangrado) no (?:para|se detiene)|mucho sangrado|"
        r"sangrado (?:muy )?(?:fuerte|abundante)|hemorragia|embarazada {_W}{0,4}(?:sangr\w*|dolor fuerte|"
        r"con sangrado|vision borrosa)|herida (?:profunda|de bala|de cuchillo)|hueso (?:de fuera|afuera|salido|"
        r"expuesto)|quemaduras? (?:grave|graves|fuertes?|de tercer grado|grandes|en todo)|se (?:quemo|esta quemando) "
        r"{_W}{0,3}(?:con aceite|con agua hirviendo|todo|toda|la cara|feo|mucho)|se (?:esta )?quemando la casa|"
        r"(?:me|se|le) (?:queme|quemo|quemaron|cayo|echo|tiro) {_W}{0,3}(?:con )?(?:aceite|agua|cafe|sopa|caldo|grasa) "
        r"(?:hirviendo|caliente)|(?:aceite|agua|cafe|sopa|grasa) (?:hirviendo|caliente) (?:encima|en (?:la|el|su|mi) \w+)|"
        r"ampollas (?:enormes|grandes|en todo)|(?:incendio|fuego) en (?:la|mi|el) (?:casa|cocina|cuarto|departamento|edificio|apartamento)|"
        r"(?:se|me) (?:cayo|pego|golpeo|cai|pegue|golpee) (?:en )?la cabeza (?:y |, )?{_W}{0,4}(?:vomit\w*|no responde|"
        r"no despierta|sangr\w*|confundid\w*|inconsciente|desmay\w*|anticoagulante\w*|warfarina|no se acuerda|no sabe|"
        r"no reconoce|ve doble|veo doble|no ve bien|muy dormid\w*|se quedo dormid\w*|no habla bien|convuls\w*)",
        # allergy
        r"reaccion alergica (?:fuerte|grave|seria|severa|muy fuerte)|(?:se (?:me|le) )?(?:esta )?(?:cerrando|cierra) la "
        r"garganta|(?:se (?:me|le) )?(?:esta )?hinchando (?:la garganta|la lengua|la cara|los labios|la boca)|"
        r"(?:garganta|lengua|labios|boca) (?:hinchad\w*|inflamad\w*|cerrad\w*)|"
        r"ronchas {_W}{0,4}(?:respirar|garganta|hinch\w*)",
        # sugar
        r"(?:azucar|glucosa) (?:esta )?(?:muy |bien |super |demasiado )?(?:baja|bajisima|por los suelos|en el piso) "
        r"{_W}{0,3}(?:y|e|,) {_W}{0,4}(?:no responde|no despierta|confundid\w*|desmay\w*|temblando|sudando|no habla|no "
        r"reacciona|incoherente|rar[oa]|no puede|inconsciente|convuls\w*)|(?:azucar|glucosa|nivel) (?:esta |en |de |a |"
        r"bajo a |bajo hasta |marca |salio en )*(?:1\d|2\d|3\d|4\d|5[0-4])\b(?! (?:anos|por ciento|libras|kilos|unidades|"
        r"dias))|(?:azucar|glucosa) (?:esta |en |de |a |marca )*[6-9]\d\d\b|glucometro (?:dice|marca) (?:lo|hi|low|high)|"
        r"coma diabetico|cetoacidosis|(?:diabetic[oa]|insulina|azucar) {_W}{0,6}(?:confundid\w*|no responde|no despierta|"
        r"desmay\w*|incoherente|inconsciente|no reacciona)",
        # labour, dying, calling for help
        r"(?:se (?:me|le) )?(?:rompio|reviento) la fuente|(?:rompi|rompio|reviento) fuente|ya viene el bebe|(?:el bebe )?(?:esta naciendo|ya esta saliendo)|"
        r"contracciones (?:cada|de) (?:\d+|dos|tres|cuatro|cinco) minutos|(?:el bebe|la bebe) no se mueve|no siento "
        r"(?:al|a mi) bebe|golpe de calor|(?:me|se) (?:estoy|esta) muriendo|siento que me (?:muero|voy a morir)|"
        r"(?:me|se)? ?(?:voy|va) a morir(?! de| por)|(?:llamen|llame|llama|marquen|marque) "
        r"(?:al|a una|una|el|a la) (?:911|ambulancia|nueve uno uno|paramedicos)|necesito (?:una )?ambulancia|"
        r"(?:manden|mande|envien) (?:una )?ambulancia|auxilio",
    ),
    # medical events often the subject of a question or in the past ("si tengo dolor de pecho, ¿qué hago?")
    _es(
        MEDICAL,
        r"(?:dolor|presion|opresion|apreton|peso) (?:muy )?(?:fuerte |horrible |intens[oa] |terrible )?(?:de|en el|en "
        r"mi|en la|sobre el) pecho|(?:me|le) duele (?:mucho |horrible |bien feo |fuerte )?el pecho|(?:el )?pecho (?:me |"
        r"le )?(?:duele|aprieta|arde|quema)|(?:el )?pecho (?:apretado|oprimido|pesado)|(?:me|le) aprieta el pecho",
        r"(?<!casi me da un )(?<!casi me dio un )(?<!casi le da un )(?<!casi le dio un )(?<!me va a dar un )infarto|"
        r"ataque (?:al|de|del) corazon|ataque cardiaco|paro (?:cardiaco|cardiorrespiratorio|respiratorio)|"
        r"derrame(?: cerebral)?|embolia|ataque cerebral|accidente cerebrovascular|ictus|convulsion\w*|"
        r"ataque epileptico|ataque de asma|reaccion alergica|sobredosis|(?:choque|shock) (?:diabetico|anafilactico)|"
        r"anafilaxi\w*(?! por| a la| al)|ahogad[oa]|"
        r"(?:es|tengo|tenemos|hay|tiene|esto es) (?:una )?emergencia(?! (?:de )?(?:contacto|cubre|cubierta|cobro|cuenta|"
        r"numero))|^(?:es )?(?:una )?emergencia(?= [.,;:!?]|$)|emergencia(?: medica)? ?[.!]* ?$|emergencia,? (?:ayuda|"
        r"por favor|urgente)|(?:una )?ambulancia|nueve uno uno",
        rf"(?:se )?(?:tomo|tome|trago|trague|ingirio|ingeri|se tomo|me tome|me trague|tomamos) (?:como |unas |mas de |"
        r"casi |toda |todo )?(?:un frasco|el frasco|todo el frasco|un bote|la caja|toda la caja|un punado|muchas|"
        r"demasiadas|todas|un monton|bastantes|\d\d+|veinte|treinta|cuarenta|cincuenta|doble|dos veces|de mas)"
        rf"(?: de| entero)?(?: las| sus| mis| de)? {_W}{{0,1}}?(?:{PILLS})(?! (?:de|del) (?:hoy|dia|la manana|la noche|"
        r"la semana)| como)",
        event=True,
    ),
    # --- softer distress: answered, with 988 offered -----------------------------------------------------
    _es(
        DISTRESS,
        r"(?:me siento|me he sentido|me sentia|estoy|ando|he estado|me encuentro|esta|estan|se siente|se sienten|anda) "
        r"(?:muy |tan |bien |super |"
        r"bastante |algo |un poco |demasiado )?(?:triste|sol[oa]|deprimid\w*|desesperad\w*|ansios\w*|agobiad\w*|"
        r"abrumad\w*|estresad\w*|vaci[oa]|sin ganas|inutil|un fracaso|atrapad\w*|desanimad\w*|agotad\w*|"
        r"angustiad\w*|nervios[oa]|de bajon|bajonead\w*|harto|harta|sin energia|cansad[oa] de todo)",
        r"ansiedad|depresion|deprimid\w*|ataques? de (?:panico|ansiedad|nervios)|angustia\w*|desesperad\w*|"
        r"salud mental|tristeza|duelo|luto|no puedo dormir|no he dormido|no duermo|(?:lloro|llorando) (?:todo el dia|"
        r"mucho|todas las noches|todos los dias|todo el tiempo|sin parar|a cada rato)|no paro de llorar|nadie me (?:quiere|entiende|"
        r"escucha|hace caso|ayuda)|a nadie le importo|no tengo (?:a nadie|con quien hablar)|(?:pasando|pasado) por "
        r"(?:un |una )?(?:momento|tiempo|etapa|situacion|racha)s? (?:muy )?(?:dificil|dura|mala|fea|feo|duro)|"
        r"mal de animo|sin animo\w*|todo me cuesta|no puedo con todo|hasta el cuello|solit[oa]|no puedo dejar de llorar|"
        r"no (?:se|puedo) (?:como )?seguir adelante|la estoy pasando (?:muy |bien |re )?mal|(?:cosas|todo) (?:esta|estan) "
        r"(?:muy |bien )?dificil(?:es)?|(?:se murio|fallecio|murio) mi \w+|perdi a mi \w+|"
        r"me siento (?:muy |re |bien )?mal (?:de animo|emocionalmente|conmigo)|ya no se que hacer|no tengo ganas de (?:nada|levantarme|hacer nada|salir|comer)|no me dan ganas de nada|no estoy bien|"
        r"ya no puedo con (?:el|la|los|las|tanto|todo|esto)|ya no aguanto (?:el|la|los|las|a|mi|este|esta|tanto)|me quiero morir de (?:la )?(?:verguenza|pena)",
    ),
)

# --- context: negation, the past, topics, hypotheticals, now ------------------------------------------

NEGATIONS = frozenset({"no", "nunca", "jamas", "ni", "tampoco", "ningun", "ninguna", "sin", "niega", "nego", "niegan"})
# "no" followed by these does not deny what comes next: "no sé si quiero vivir", "no dejo de pensar en morirme".
NOT_DENYING = frozenset({"se", "sabe", "sabia", "puedo", "puede", "dejo", "deja", "paro", "para", "aguanto",
                         "soporto", "importa", "mas", "logro", "encuentro", "ya", "quito", "sale"})
CLAUSE_BREAKS = frozenset({"pero", "aunque", "sino", "sin embargo"})
# Denying thoughts or a history, further back: "no tengo ningún pensamiento de suicidarme".
DENIAL = (r"\b(?:tengo|tiene|tenido|tenia|ningun|ninguna|pensamientos?|ideas?|intencion|intenciones|planes?|deseos?|"
          r"antecedentes|historial|ganas)\b")
# Things that die, stop responding or freeze without anyone being in danger.
THINGS = frozenset("""portal pagina sitio aplicacion app telefono celular bateria computadora compu internet sistema
    enlace liga pantalla cuenta correo impresora carro coche planta plantas sesion formulario coordinador
    coordinadora doctor doctora medico medica oficina consultorio enfermera nadie personal equipo programa
    linea llamada chat red wifi tableta perro gato glucometro monitor""".split())
THING_STATES = r"\b(?:muri\w*|muert\w*|muere|responde|reacciona|despierta|congel\w*|trab\w*|se cayo)\b"
PAST = (r"\b(?:hace (?:\w+ ){0,2}(?:anos|meses|semanas|ano|mes)|el (?:ano|mes|verano|invierno) pasado|antecedentes|"
        r"historial|historia (?:clinica )?de|sobrevivi\w*|me recupere|se recupero|recuperand\w*|recuperacion|"
        r"rehabilitacion|de (?:nino|nina|joven|adolescente|chic[oa]|chamac[oa])|cuando (?:era|tenia|estaba en|iba en)|"
        r"en (?:la )?(?:prepa|secundaria|preparatoria|universidad)|solia|en el pasado|ya paso|fallecio|murio de|"
        r"en paz descanse)\b")
NOT_NOW = (r"\b(?:programas?|clases?|taller|talleres|educacion|grupo de apoyo|diagnostic\w*|condicion|cubre|cubierto|"
           r"cobertura|reclamo|receta|recetas|surtir|kit|precio|costo|cuanto cuesta|cuanto cobran|descuento|prevenir|prevencion|riesgos?|senales|"
           r"sintomas|aprender|informacion|folleto|recursos|pacientes (?:con|que)|personas (?:con|que)|miembros (?:con|que)|"
           r"que es (?:un|una|el|la)|diferencia|definicion|protocolo|politica|capacitacion|referido|referencia|"
           r"elegible|elegibilidad|controlad\w*|expediente|contacto|reconocer|consejos|inscribir\w*|unirme|inscripcion|"
           r"sobrevivientes|fui a (?:la sala de )?emergencias|fui al hospital|estuve (?:internad[oa]|en el hospital)|"
           r"(?:me|lo|la) internaron|si (?:un|una|el|la|algun|alguna) (?:paciente|miembro|persona|usuario)|lista de|"
           r"alergias)\b")
NOT_NOW_WEAK = (r"\b(?:tuve|tuvo|tuvimos|he tenido|ha tenido|habia tenido|le dio (?:un|una) \w+ (?:el|en|hace)|"
                r"despues (?:de|del) (?:mi|su|un|una|el|la)|desde (?:mi|su|el|la|que tuve)|el (?:mes|ano) pasado|"
                r"en (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre))\b")
HYPOTHETICAL = (r"\b(?:(?<!como )si (?:tengo|tiene|tienes|tuviera|tuviese|me|le|te|hay|alguien|mi|su|siento|siente|empiezo|"
                r"empieza|llego|llega|pasa|es|estoy|esta|fuera|un|una|el|la|uno|algun|alguna|yo|usted|a)|que hago si|"
                r"que pasa si|que hacer (?:si|en caso)|en caso de|por si|cuando (?:debo|deberia|hay que|se debe|tengo que|"
                r"llamar|ir|llamo)|a que numero|a quien (?:llamo|llamar)|que numero|me preocupa|me da miedo (?:que|de)|"
                r"preocupad\w* (?:de|por|que)|miedo (?:a|de)|me da miedo|temor|como (?:saber|se si|reconocer))\b")
NOW = (r"\b(?:ahora|ahorita|ahora mismo|en este momento|en este instante|esta teniendo|estoy teniendo|me esta dando|"
       r"le esta dando|creo que (?:me|le) (?:esta dando|dio)|hoy|esta manana|esta noche|hace (?:unos |un par de )?"
       r"(?:minutos|rato|ratito)|hace (?:una|\w+) horas?|todavia|sigue|otra vez|de nuevo|desde hace (?:\w+ )?"
       r"(?:minutos|horas|rato)|de repente)\b")
NOW_LATER = r"\b(?:ahora mismo|ahorita|en este momento|desde hace (?:\w+ )?(?:minutos|horas|rato))\b"
# The writer says they are safe; unless a means or a time is named, a crisis reading becomes distress.
DISCLAIMER = (r"\b(?:no (?:en|de) ese sentido|no de esa (?:forma|manera)|no (?:voy|pienso) a hacer(?:me)? nada|"
              r"estoy a salvo|no estoy en peligro|nunca me haria dano|no me voy a hacer nada|no lo voy a hacer|"
              r"no (?:es|estoy) en serio|solo (?:pregunto|preguntaba|es una pregunta))\b")
MEANS = r"\b(?:pastillas|pildoras|pistola|soga|cuchillo|navaja|puente|azotea|techo|esta noche|plan|sobredosis|saltar)\b"
MEANS_AT_HAND = (r"\b(?:(?:todas|todo|el frasco de|un frasco de|un punado de|la caja de) (?:mis |las |sus )?"
                 rf"(?:{PILLS}|pastillas)|la soga|la cuerda|la pistola|el arma|el puente|la azotea|las vias del tren|"
                 r"la navaja|el carro prendido en la cochera)\b")
INTENT = (r"\b(?:esta noche|manana|hoy|ya (?:lo )?decidi|adios|perdon|lo siento|ya no mas|list[oa]|voy a|ya es hora|"
          r"por ultima vez|el fin|se acabo|nunca mas|para siempre)\b")
