"""Spanish word tables for the text analyzer: spellings, shorthand, synonyms, stop words.

The Spanish counterpart of `faq.lexicon` (see `faq.text.Lexicon` for how they are read).
Keys are folded like questions (lower case, no accents: "contraseña" and "contrasena"
are one word); `spanish_stem` stems them as it stems questions, so "inscribirme",
"inscribo" and "inscribir" reach the same entry. SYNONYMS' values are the concepts the
English tables use ("dejar de fumar" and "quit smoking" are both `tobacco`), so the
matcher's action and program concepts (`lexicon.ACTION_CONCEPTS`) work in both languages.
"""
from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from faq.lexicon import US_STATES
from faq.text import Lexicon, fold

_SNOWBALL = snowballstemmer.stemmer("spanish")
# An infinitive or gerund with its pronoun attached: "inscribirme" -> "inscribir", "dándome" -> "dando".
_ENCLITIC = re.compile(r"^(.{2,}?(?:ar|er|ir|ando|iendo))(?:me|te|se|lo|la|los|las|le|les|nos)$")
# Plurals in -es the Snowball stemmer leaves apart from their singular ("enfermedades", "sesiones").
_PLURAL_ES = re.compile(r"^(.{3,}(?:d|n|r|l))es$")

# Words whose form carries meaning: "inscrito" is a state (am I in it?), not the action; "confirmación"
# (of an enrollment) is not "confirmar" (verify a patient); "puede ver" (someone else) is not "puedo ver".
# Each other word here shares its stem with a word of another meaning, so the stemmer would merge
# them: "para" / "parar" (stop), "metas" (goals) / "meterme" (join), "sale" ("¿cuánto sale?", "me sale
# un error") / "salirme" (leave), "estados" (states) / "estado" (status), "aplicación" (the app) /
# "aplicar" (apply), "seguridad" / "seguro" (insurance), "pregunta" (a question, no content) /
# "preguntar" (ask someone). `tests/test_faq_spanish.py` checks that no two synonyms of different
# concepts share a stem.
UNSTEMMED: frozenset[str] = frozenset({
    "inscrito", "inscrita", "inscritos", "inscritas", "afiliado", "afiliada", "afiliados", "afiliadas",
    "confirmacion", "puede", "pueden",
    "para", "meta", "metas", "sale", "salen", "salio", "salieron", "estados", "aplicacion", "aplicaciones",
    "seguridad", "funciones", "funciona", "funcionan", "funciono", "funcionar", "papeles", "formo", "registran",
    "pregunta", "preguntas",
    "cuantos", "cuantas", "caro", "cara", "caros", "caras",
})

# English words Spanish speakers mix in ("mi care coordinator", "el login del portal"): kept as written
# (the value: plurals as their singular), never stemmed the Spanish way ("care" is not "caro") nor
# "corrected" into a Spanish word.
ENGLISH_WORDS: dict[str, str] = {
    **{word: word for word in (
        "care", "coordinator", "manager", "case", "team", "portal", "login", "logout", "password", "email",
        "program", "member", "provider", "account", "sign", "enroll", "enrolled", "enrollment", "free",
        "website", "online", "username", "user", "code", "help", "signup", "roster", "upload", "reset")},
    "programs": "program", "coordinators": "coordinator", "managers": "manager", "members": "member",
    "providers": "provider", "emails": "email", "accounts": "account", "passwords": "password",
}


@lru_cache(maxsize=50_000)
def spanish_stem(word: str) -> str:
    """Snowball's Spanish stemmer on a folded word, after attached pronouns and -es plurals
    are undone ("inscribirme" -> "inscrib", "enfermedades" -> "enfermed"); `UNSTEMMED` and
    `ENGLISH_WORDS` are kept as they are."""
    english = ENGLISH_WORDS.get(word)
    if english is not None:
        return english
    if len(word) <= 3 or not word.isalpha() or word in UNSTEMMED:
        return word
    word = _ENCLITIC.sub(r"\1", word)
    if word.endswith("ces") and len(word) > 5:
        word = word[:-3] + "z"
    else:
        word = _PLURAL_ES.sub(r"\1", word)
    return _SNOWBALL.stemWord(word)


# Token-level fixes applied first: texting shorthand, missing letters and the misspellings
# whose first letter is wrong (the spelling corrector keeps the first letter, so it cannot
# fix "kiero" or "sigarro"). A value may hold several words.
SPELLING: dict[str, str] = {
    # texting shorthand
    "q": "que", "k": "que", "ke": "que", "qe": "que", "xq": "porque", "pq": "porque", "porq": "porque",
    "xk": "porque", "pk": "porque", "tmb": "tambien", "tb": "tambien", "tbn": "tambien", "tambn": "tambien",
    "xfa": "por favor", "xfavor": "por favor", "porfa": "por favor", "porfavor": "por favor",
    "porfabor": "por favor", "plis": "por favor", "pls": "por favor", "x": "por", "d": "de", "dl": "del",
    "dnd": "donde", "dnde": "donde", "pa": "para", "pal": "para el", "xa": "para", "ps": "pues",
    "bn": "bien", "bno": "bueno", "msj": "mensaje", "mje": "mensaje", "info": "informacion",
    "tel": "telefono", "cel": "celular", "num": "numero", "nro": "numero", "grax": "gracias",
    "grasias": "gracias", "grcs": "gracias", "ola": "hola", "olaa": "hola", "holaa": "hola", "hla": "hola",
    "aver": "a ver", "kiero": "quiero", "qiero": "quiero", "kero": "quiero", "qero": "quiero",
    "kien": "quien", "qien": "quien", "kual": "cual", "komo": "como", "cmo": "como", "xq?": "porque",
    "tngo": "tengo", "tng": "tengo", "toy": "estoy", "sta": "esta", "stoy": "estoy",
    # h, b/v, c/s/z: the letters people mistype first
    "ablar": "hablar", "ablo": "hablo", "aser": "hacer", "acer": "hacer", "ase": "hace", "ay": "hay",
    "aora": "ahora", "echo": "hecho", "berificar": "verificar", "verificasion": "verificacion",
    "vajar": "bajar", "vaja": "baja", "bapear": "vapear", "bapeo": "vapeo", "sigarro": "cigarro",
    "sigarros": "cigarros", "sigarrillo": "cigarrillo", "sigarrillos": "cigarrillos", "sita": "cita",
    "sitas": "citas", "zalud": "salud", "ynscribir": "inscribir", "hinscribir": "inscribir",
    # frequent misspellings of the knowledge base's words
    "inscrivir": "inscribir", "inscrivirme": "inscribirme", "inscrivirse": "inscribirse",
    "inscribirce": "inscribirse", "incribir": "inscribir", "incribirme": "inscribirme",
    "inscribirmee": "inscribirme", "inscripsion": "inscripcion", "inscricion": "inscripcion",
    "incripcion": "inscripcion", "inscrpcion": "inscripcion", "escrito": "inscrito",
    "diabetis": "diabetes", "diabetez": "diabetes", "diavetes": "diabetes", "diabetes2": "diabetes tipo 2",
    "cordinadora": "coordinadora", "cordinador": "coordinador", "cordinadoras": "coordinadoras",
    "cordinadores": "coordinadores", "coordinadra": "coordinadora", "cordinacion": "coordinacion",
    "coodinadora": "coordinadora", "coodinador": "coordinador",
    "contrasenia": "contrasena", "contracena": "contrasena", "contrasna": "contrasena",
    "contrasela": "contrasena", "pasword": "contrasena", "password": "contrasena", "pass": "contrasena",
    "enfermeda": "enfermedad", "corason": "corazon", "corazom": "corazon", "estress": "estres",
    "stress": "estres", "canselar": "cancelar", "rejistrarme": "registrarme", "registrarce": "registrarse",
    "bloquiado": "bloqueado", "bloquiada": "bloqueada", "secion": "sesion", "sesio": "sesion",
    "inisiar": "iniciar", "pasiente": "paciente", "pasientes": "pacientes", "mienbro": "miembro",
    "mienbros": "miembros", "provedor": "proveedor", "provedores": "proveedores",
    "participasion": "participacion", "atension": "atencion", "atenciom": "atencion",
    "porgrama": "programa", "progama": "programa", "programma": "programa", "pograma": "programa",
    "prog": "programa", "progra": "programa", "porgramas": "programas", "progamas": "programas",
    "imformacion": "informacion", "informasion": "informacion", "alguin": "alguien", "nesesito": "necesito",
    "nesecito": "necesito", "nececito": "necesito", "nesito": "necesito", "necsito": "necesito",
    "elejible": "elegible", "elegivle": "elegible", "tanbien": "tambien", "chequear": "verificar",
    "checar": "verificar", "chekear": "verificar",
    "medicamentos": "medicamentos", "doc": "doctor", "dr": "doctor", "dra": "doctora",
    "colaborative": "collaborative", "colaborativo": "colaborativo", "collaborativo": "colaborativo",
    "verificaion": "verificacion", "comfirmar": "confirmar", "confirmasion": "confirmacion",
    "ubicasion": "ubicacion", "direcsion": "direccion", "relasion": "relacion",
}

# US states in English and their Spanish names: a state means "where is the program" (the directory).
_STATES_ES = (
    "nueva york", "nueva jersey", "nuevo mexico", "carolina del norte", "carolina del sur", "dakota del norte",
    "dakota del sur", "virginia occidental", "pensilvania", "luisiana", "misisipi", "misuri", "hawai",
    "nuevo hampshire", "distrito de columbia",
)

# Phrases (one to five words) mapped to a concept, longest phrase first: "dejar de fumar" is
# tobacco while "dejar el programa" is withdraw.
SYNONYMS: dict[str, str] = {
    # the program itself and accountable care
    "collaborative care": "collabcare", "atencion colaborativa": "collabcare",
    "cuidado colaborativo": "collabcare", "cuidados colaborativos": "collabcare",
    "programa colaborativo": "collabcare", "collab care": "collabcare", "cac": "collabcare",
    "organizacion de atencion responsable": "aco", "organizaciones de atencion responsable": "aco",
    "aco": "aco", "hogar medico": "pcmh", "hogar medico centrado en el paciente": "pcmh", "pcmh": "pcmh",
    "objetivo": "goal", "meta": "goal", "metas": "goal", "proposito": "goal", "finalidad": "goal", "mision": "goal",
    "para que sirve": "goal", "que busca": "goal", "que pretende": "goal", "que se busca": "goal",
    "cuantos": "size", "cuantas": "size", "que tan grande": "size", "tamano": "size", "cantidad de": "size",
    "directorio": "directory", "lista de programas": "directory", "listado de programas": "directory",
    "mapa": "directory", "cerca de mi": "directory", "cerca de mi casa": "directory", "cerca": "directory",
    "en mi zona": "directory", "en mi area": "directory", "en mi ciudad": "directory",
    "buscar programas": "directory", "buscar un programa": "directory", "filtrar": "directory",
    "en que estado": "state", "en que estados": "state", "en mi estado": "state", "por estado": "state",
    "que estados": "state", "cuales estados": "state", "estados": "state",
    **{name: "state" for name in (*US_STATES, *_STATES_ES)},
    "healthcare partners": "healthcarepartners", "health care partners": "healthcarepartners",
    # people and roles
    "medico de atencion primaria": "pcp", "medica de atencion primaria": "pcp",
    "doctor de atencion primaria": "pcp", "proveedor de atencion primaria": "pcp",
    "medico de cabecera": "pcp", "doctor de cabecera": "pcp", "doctora de cabecera": "pcp",
    "medico primario": "pcp", "doctor primario": "pcp", "doctora primaria": "pcp", "medico familiar": "pcp",
    "medico de familia": "pcp", "doctor de familia": "pcp", "medico general": "pcp", "mi doctor de siempre": "pcp",
    "pcp": "pcp", "atencion primaria": "pcp",
    "doctor": "doctor", "doctora": "doctor", "medico": "doctor", "medica": "doctor", "md": "doctor",
    "coordinador de atencion": "coordinator", "coordinadora de atencion": "coordinator",
    "coordinador de cuidados": "coordinator", "coordinadora de cuidados": "coordinator",
    "coordinador de salud": "coordinator", "coordinadora de salud": "coordinator",
    "coordinador": "coordinator", "coordinadora": "coordinator", "enfermera coordinadora": "coordinator",
    "gestor de atencion": "coordinator", "gestora de atencion": "coordinator",
    "equipo de atencion": "careteam", "equipo de cuidado": "careteam", "equipo de cuidados": "careteam",
    "equipo medico": "careteam", "mi equipo": "careteam",
    "administrador de casos": "casemanager", "administradora de casos": "casemanager",
    "gestor de casos": "casemanager", "gestora de casos": "casemanager", "manejador de casos": "casemanager",
    "manejadora de casos": "casemanager", "manejo de casos": "casemanager", "case manager": "casemanager",
    "enfermera registrada": "rn", "enfermero registrado": "rn", "enfermera": "rn", "enfermero": "rn",
    "rn": "rn",
    "npi": "npi", "numero npi": "npi", "identificador nacional de proveedor": "npi",
    "asociacion de practica independiente": "ipa", "asociacion de medicos independientes": "ipa", "ipa": "ipa",
    "organizacion de medicos y hospitales": "pho", "pho": "pho",
    "grupo medico": "group", "grupo": "group", "clinica": "group", "practica": "group",
    "practica medica": "group",
    "persona": "human", "humano": "human", "humana": "human", "agente": "human", "representante": "human",
    "alguien": "human", "persona real": "human", "ser humano": "human",
    **{f"a quien {lead}{verb}": "human" for lead in ("", "le ", "le puedo ", "puedo ", "se le ", "hay que ")
       for verb in ("pregunto", "preguntar", "preguntarle", "pregunte")},
    "servicio al cliente": "support", "atencion al cliente": "support", "soporte": "support",
    "soporte tecnico": "support", "equipo de soporte": "support", "mesa de ayuda": "support",
    "ayuda tecnica": "support", "linea de ayuda": "support", "ayuda con el portal": "support",
    "ayuda con la pagina": "support", "ayuda con el sitio": "support", "ayuda con la cuenta": "support",
    # specialties
    "cardiologia": "cardiology", "cardiologo": "cardiology", "cardiologa": "cardiology",
    "oncologia": "oncology", "oncologo": "oncology", "oncologa": "oncology", "cancer": "oncology",
    "ortopedia": "orthopedics", "ortopedico": "orthopedics", "ortopedista": "orthopedics",
    "traumatologo": "orthopedics", "gastroenterologia": "gastro", "gastroenterologo": "gastro",
    "gastro": "gastro", "ginecologia": "obgyn", "ginecologo": "obgyn", "ginecologa": "obgyn",
    "obstetricia": "obgyn", "obstetra": "obgyn", "ginecobstetricia": "obgyn",
    "especialista": "specialist", "especialidad": "specialist", "especialidades": "specialist",
    # care programs
    "dejar de fumar": "tobacco", "dejar el tabaco": "tobacco", "dejar el cigarro": "tobacco",
    "dejar los cigarros": "tobacco", "dejar el cigarrillo": "tobacco", "dejar de vapear": "tobacco",
    "dejar el vapeo": "tobacco", "dejar la nicotina": "tobacco", "parar de fumar": "tobacco",
    "fumar": "tobacco", "fumo": "tobacco", "fumador": "tobacco", "fumadora": "tobacco",
    "cigarro": "tobacco", "cigarrillo": "tobacco", "cigarrillos electronicos": "tobacco",
    "vapear": "tobacco", "vapeo": "tobacco", "vape": "tobacco", "vaper": "tobacco", "nicotina": "tobacco",
    "tabaco": "tobacco", "tabaquismo": "tobacco", "juul": "tobacco", "mascar tabaco": "tobacco",
    "bajar de peso": "weight", "perder peso": "weight", "rebajar": "weight", "adelgazar": "weight",
    "control del peso": "weight", "control de peso": "weight", "manejo del peso": "weight",
    "manejo de peso": "weight", "peso": "weight", "sobrepeso": "weight", "obesidad": "weight",
    "obeso": "weight", "obesa": "weight", "dieta": "weight", "libras": "weight", "kilos": "weight",
    "imc": "weight", "gordo": "weight", "gorda": "weight",
    "manejo del estres": "stress", "manejo de estres": "stress", "control del estres": "stress",
    "estres": "stress", "estresado": "stress", "estresada": "stress", "ansiedad": "stress",
    "ansioso": "stress", "ansiosa": "stress", "agobiado": "stress", "agobiada": "stress",
    "agotamiento": "stress", "nervios": "stress", "nervioso": "stress", "nerviosa": "stress",
    "diabetes": "diabetes", "diabetico": "diabetes", "diabetica": "diabetes", "azucar": "diabetes",
    "azucar en la sangre": "diabetes", "azucar alta": "diabetes", "nivel de azucar": "diabetes",
    "glucosa": "diabetes", "a1c": "diabetes", "prediabetes": "diabetes", "insulina": "diabetes",
    "tipo 2": "diabetes", "tipo 1": "diabetes", "tipo dos": "diabetes",
    "corazon": "heart", "cardiaco": "heart", "cardiaca": "heart", "cardiovascular": "heart",
    "enfermedades del corazon": "heart", "enfermedad del corazon": "heart", "enfermedad cardiaca": "heart",
    "enfermedades cardiacas": "heart", "problemas del corazon": "heart", "problema del corazon": "heart",
    "presion alta": "heart", "presion arterial": "heart", "alta presion": "heart", "hipertension": "heart",
    "colesterol": "heart", "insuficiencia cardiaca": "heart", "cardio": "heart",
    "cronico": "chronic", "cronica": "chronic", "enfermedad cronica": "chronic",
    "condicion cronica": "chronic", "padecimiento cronico": "chronic", "largo plazo": "chronic",
    "manejo de enfermedades": "chronic", "rinon": "chronic", "rinones": "chronic", "asma": "chronic",
    "epoc": "chronic", "artritis": "chronic",
    "estilo de vida": "lifestyle", "estilos de vida": "lifestyle", "bienestar": "lifestyle",
    "vida saludable": "lifestyle", "vida sana": "lifestyle", "habitos": "lifestyle", "habito": "lifestyle",
    "deteccion": "screening", "prevencion": "screening", "preventivo": "screening",
    "preventiva": "screening", "mamografia": "screening", "colonoscopia": "screening",
    "chequeo": "screening", "examen anual": "screening",
    "seguimiento": "followup", "dar seguimiento": "followup",
    "educacion": "education", "educativo": "education", "educativos": "education", "material": "education",
    "materiales": "education", "recursos": "education", "folleto": "education", "aprender": "education",
    # joining and leaving
    "inscribir": "enroll", "inscribirme": "enroll", "inscripcion": "enroll", "inscribo": "enroll",
    "unirme": "enroll", "unirse": "enroll", "unir": "enroll", "apuntarme": "enroll", "apuntar": "enroll",
    "anotarme": "enroll", "anotar": "enroll", "sumarme": "enroll", "afiliarme": "enroll", "meterme": "enroll",
    "entrar al programa": "enroll", "entrar en el programa": "enroll", "entrar a un programa": "enroll",
    "registrarme en el programa": "enroll", "registrarme en un programa": "enroll",
    "me registro para un programa": "enroll", "registrarme para un programa": "enroll",
    "me registro en un programa": "enroll", "me registro en el programa": "enroll",
    # the forms of "unirse" the stop words would swallow ("me uno", "se una") and other ways to join
    "me uno": "enroll", "nos unimos": "enroll", "me una": "enroll", "se una": "enroll", "se une": "enroll",
    "se unen": "enroll", "nos unamos": "enroll", "unirnos": "enroll", "unimos": "enroll", "aplicar": "enroll",
    "aplico": "enroll", "enrolar": "enroll", "enrolarme": "enroll", "enrolo": "enroll", "me apunto": "enroll",
    "apuntarse": "enroll", "inscribame": "enroll", "inscribanme": "enroll", "inscribirnos": "enroll",
    "inscribe": "enroll", "inscriben": "enroll", "entrar a uno de los programas": "enroll",
    "entrar en un programa": "enroll", "empezar en un programa": "enroll", "empiezo en un programa": "enroll",
    "inscrito": "enrolled", "inscrita": "enrolled", "inscritos": "enrolled", "inscritas": "enrolled",
    "afiliado": "enrolled", "afiliada": "enrolled", "afiliados": "enrolled", "afiliadas": "enrolled",
    "mis inscripciones": "enrolled", "estoy inscrito": "enrolled", "estoy inscrita": "enrolled",
    "me inscribi": "enrolled", "ya me inscribi": "enrolled", "ya me uni": "enrolled",
    "quien puede unirse": "eligible", "quien puede inscribirse": "eligible",
    "quien puede participar": "eligible", "quienes pueden": "eligible", "cualquiera puede": "eligible",
    "cualquier persona puede": "eligible", "elegible": "eligible", "elegibles": "eligible",
    "elegibilidad": "eligible", "califico": "eligible", "calificar": "eligible", "requisito": "eligible",
    "cumplo los requisitos": "eligible", "reunir los requisitos": "eligible", "tengo derecho": "eligible",
    "darme de baja": "withdraw", "darse de baja": "withdraw", "dar de baja": "withdraw",
    "de baja": "withdraw", "salirme": "withdraw", "salirse": "withdraw", "salir del programa": "withdraw",
    "salir de un programa": "withdraw", "salir de el": "withdraw", "me salgo": "withdraw",
    "cancelar": "withdraw", "cancelacion": "withdraw", "retirarme": "withdraw", "retirarse": "withdraw",
    "retirar": "withdraw", "retiro": "withdraw", "dejar": "withdraw", "abandonar": "withdraw",
    "parar": "withdraw", "detener": "withdraw", "detenga": "withdraw",
    "desinscribir": "withdraw", "desinscribirme": "withdraw", "desuscribir": "withdraw",
    "desuscribirme": "withdraw", "ya no quiero": "withdraw", "no quiero seguir": "withdraw",
    "ya no quiero estar": "withdraw", "no quiero continuar": "withdraw", "sacarme": "withdraw",
    "quitarme": "withdraw", "borrarme": "withdraw", "sacar del programa": "withdraw",
    "sacarlo del programa": "withdraw", "sacarla del programa": "withdraw", "terminar mi": "withdraw",
    "estado": "status", "estado de": "status", "estatus": "status", "actualmente": "status",
    "todavia": "status", "aun": "status", "sigo": "status", "activo": "status", "activa": "status",
    "inactivo": "status", "en que va": "status", "como va": "status",
    "confirmacion": "confirmation", "codigo de confirmacion": "confirmation",
    "numero de confirmacion": "confirmation",
    "mi programa": "myprograms", "mis programas": "myprograms",
    "en que programas estoy": "enrolled", "en que programa estoy": "enrolled", "en cuales programas estoy": "enrolled",
    "programas me puedo unir": "catalog", "programas puedo unirme": "catalog", "programas me puedo inscribir": "catalog",
    "programas puedo inscribirme": "catalog", "a que programas": "catalog", "en que programas puedo": "catalog",
    "estoy en": "membership", "formo parte": "membership", "soy parte": "membership",
    "pertenezco": "membership", "estoy dentro": "membership",
    "despues": "after", "luego": "after", "siguiente paso": "after", "proximo paso": "after",
    "que sigue": "after", "y ahora que": "after", "ahora que": "after", "que pasa despues": "after",
    # offices
    "verificar": "verify", "verificacion": "verify", "verifico": "verify", "comprobar": "verify",
    "confirmar": "verify", "validar": "verify", "checar": "verify", "revisar": "verify",
    "consultar": "lookup", "buscar": "lookup", "busqueda": "lookup",
    "atribucion": "attribution", "atribuido": "attribution", "atribuida": "attribution",
    "atribuidos": "attribution", "asignado": "attribution", "asignada": "attribution",
    "asignados": "attribution", "asignacion": "attribution", "asignar": "attribution",
    "me asignaron": "getattributed", "fui asignado": "getattributed", "fui asignada": "getattributed",
    "quedar asignado": "getattributed", "quede asignado": "getattributed", "como me asignan": "getattributed",
    "como se asigna": "getattributed", "como se asignan": "getattributed",
    "lista de pacientes": "roster", "listado de pacientes": "roster", "lista de miembros": "roster",
    "padron": "roster", "panel": "roster", "pacientes asignados": "roster",
    "lote": "batch", "por lote": "batch", "por lotes": "batch", "masivo": "batch", "masiva": "batch",
    "en bloque": "batch", "varios pacientes": "batch", "muchos pacientes": "batch", "a la vez": "batch",
    "de una vez": "batch", "de un jalon": "batch", "uno por uno": "batch", "de uno en uno": "batch",
    "mas rapida": "batch", "mas rapido": "batch",
    "api": "api", "token": "api", "token de api": "api", "clave de api": "api", "integracion": "api",
    "integrar": "api", "interfaz": "api", "ehr": "api", "expediente electronico": "api",
    "servicio web": "api", "endpoint": "api",
    "participar": "participate", "participacion": "participate", "participante": "participate",
    "participa": "participate", "participan": "participate", "formar parte": "participate",
    "en la red": "participate", "dentro de la red": "participate",
    "no aparece": "notfound", "no lo encuentra": "notfound", "no la encuentra": "notfound",
    "no se encuentra": "notfound", "no encontrado": "notfound", "sin resultados": "notfound",
    "no sale": "notfound", "no hay coincidencia": "notfound", "no encuentra": "notfound",
    "no encuentro": "notfound", "no coincide": "notfound",
    "error": "problem", "falla": "problem", "fallo": "problem", "no funciona": "problem",
    "no sirve": "problem", "problema": "problem", "problemas": "problem",
    "pago por valor": "payforvalue", "basado en valor": "payforvalue", "basada en valor": "payforvalue",
    "pago basado en valor": "payforvalue", "pay for value": "payforvalue", "p4v": "payforvalue",
    "pago a los medicos": "payment", "les pagan": "payment", "nos pagan": "payment",
    "pagan a los": "payment", "reembolso": "payment", "incentivo": "payment", "incentivos": "payment",
    "bono": "payment", "bonos": "payment", "recompensa": "payment", "compensacion": "payment",
    "pago por servicio": "payment",
    "calidad": "quality", "medida": "measure", "medidas": "measure", "metrica": "measure",
    "indicador": "measure", "indicadores": "measure", "hedis": "measure", "desempeno": "measure",
    "rendimiento": "measure",
    # money for patients
    "costo": "cost", "costos": "cost", "cuesta": "cost", "cuestan": "cost", "costar": "cost",
    "precio": "cost", "tarifa": "cost", "cobran": "cost", "cobrar": "cost", "cobro": "cost",
    "cargo": "cost", "gratis": "cost", "gratuito": "cost", "gratuita": "cost", "caro": "cost", "caros": "cost",
    "es cara": "cost", "muy cara": "cost", "sale cara": "cost", "cuanto sale": "cost", "cuanto me sale": "cost",
    "cuanto nos sale": "cost", "cuanto salen": "cost", "cuanto me va a salir": "cost", "free": "cost",
    "dinero": "cost", "de mi bolsillo": "cost", "copago": "cost", "deducible": "cost", "prima": "cost",
    "pagar": "cost", "pago": "cost", "tengo que pagar": "cost", "hay que pagar": "cost",
    # accounts
    "registrarme": "register", "registrarse": "register", "registrar": "register", "registro": "register",
    "crear cuenta": "register", "crear una cuenta": "register", "crear mi cuenta": "register",
    "nueva cuenta": "register", "abrir una cuenta": "register", "hacer una cuenta": "register",
    "sacar una cuenta": "register",
    "cuenta": "account", "perfil": "account", "configuracion": "account", "ajustes": "account",
    "iniciar sesion": "login", "inicio de sesion": "login", "iniciar la sesion": "login",
    "entrar": "login", "entrar a mi cuenta": "login", "entrar al portal": "login", "acceder": "login",
    "ingresar": "login", "login": "login", "log in": "login", "conectarme": "login",
    "cerrar sesion": "login", "sesion": "login",
    "contrasena": "password", "clave": "password", "contrasena incorrecta": "password",
    "clave incorrecta": "password", "contrasena equivocada": "password", "clave de acceso": "password",
    "codigo de acceso": "password",
    "bloqueado": "lockout", "bloqueada": "lockout", "bloqueo": "lockout", "bloquearon": "lockout",
    "me bloqueo": "lockout",
    "olvide": "forgot", "olvido": "forgot", "olvidar": "forgot", "no recuerdo": "forgot",
    "no me acuerdo": "forgot", "recordar": "forgot",
    "restablecer": "reset", "reiniciar": "reset", "resetear": "reset", "recuperar": "reset",
    "puede ver": "privacy", "pueden ver": "privacy", "quien ve": "privacy", "quienes ven": "privacy",
    "privacidad": "privacy", "privado": "privacy", "privada": "privacy", "confidencial": "privacy",
    "confidencialidad": "privacy", "hipaa": "privacy", "es seguro": "privacy", "seguridad": "privacy",
    "esta seguro": "privacy", "estan seguros": "privacy", "estan protegidos": "privacy",
    "datos": "data", "informacion": "data", "expediente": "data", "historial": "data",
    "registro medico": "data", "historial medico": "data", "diagnostico": "data", "diagnosticos": "data",
    "contactar": "contact", "contacto": "contact", "comunicarme": "contact", "comunicarse": "contact",
    "llamar": "contact", "llamo": "contact", "telefono": "contact", "correo": "contact",
    "correo electronico": "contact", "email": "contact", "direccion": "contact", "domicilio": "contact",
    "hablar con": "contact", "hablar a": "contact",
    "mensaje": "contact", "escribirle": "contact", "localizar": "contact", "no me contesta": "contact",
    "no contesta": "contact", "no me responde": "contact", "no responde": "contact", "no me regresa": "contact",
    "no me han llamado": "after", "nadie me ha llamado": "after", "nadie me llamo": "after",
    "no me ha llamado nadie": "after", "nadie se ha comunicado": "after", "nadie me contacto": "after",
    "nadie me ha contactado": "after",
    # an office speaking of itself: joining or leaving as a practice, its own roster
    "nuestro consultorio": "ourgroup", "nuestra practica": "ourgroup", "nuestra clinica": "ourgroup",
    "nuestro grupo": "ourgroup", "nuestra oficina": "ourgroup", "como grupo": "ourgroup",
    "como consultorio": "ourgroup", "como practica": "ourgroup", "nuestro grupo medico": "ourgroup",
    "parte del programa": "participate", "ser parte": "participate",
    # the portal and this assistant
    "portal": "portal", "sitio": "portal", "sitio web": "portal", "pagina": "portal", "pagina web": "portal",
    "web": "portal", "aplicacion": "portal", "aplicaciones": "portal", "app": "portal", "website": "portal",
    "asistente": "assistant", "bot": "assistant", "chatbot": "assistant", "robot": "assistant",
    "ia": "assistant", "inteligencia artificial": "assistant", "que puedes hacer": "assistant",
    "quien eres": "assistant", "que eres": "assistant", "eres una persona": "assistant",
    "eres humano": "assistant", "eres real": "assistant", "eres un robot": "assistant",
    "eres un bot": "assistant", "es un robot": "assistant", "estoy hablando con una maquina": "assistant",
    "estoy hablando con una persona": "assistant", "estoy hablando con un robot": "assistant",
    "en que me puedes ayudar": "assistant", "en que me puede ayudar": "assistant",
    "con que me puedes ayudar": "assistant", "con que me puede ayudar": "assistant",
    "que sabes hacer": "assistant", "automatico": "automatic", "automaticamente": "automatic",
    "mantener": "keep", "conservar": "keep", "quedarme con": "keep", "seguir con mi doctor": "keep",
    "seguir viendo": "keep", "mismo": "keep", "misma": "keep", "perder a mi doctor": "keep",
    "perder mi doctor": "keep", "perder a mi medico": "keep",
    "cambiar": "change", "cambio": "change", "diferente": "change", "nuevo": "change", "nueva": "change",
    "otro": "change", "otra": "change",
    "beneficio": "benefit", "beneficios": "benefit", "ventaja": "benefit", "ventajas": "benefit",
    "me conviene": "benefit", "conviene": "benefit", "vale la pena": "benefit", "como me ayuda": "benefit",
    "en que me ayuda": "benefit", "de que me sirve": "benefit", "para que me sirve": "benefit",
    "para quien es": "benefit", "a quien ayuda": "benefit", "para quienes es": "benefit",
    "funcion": "role", "papel": "role", "responsabilidad": "role", "que hace el": "role",
    "que hace la": "role", "que hacen": "role", "de que se encarga": "role",
    "trabaja para": "employ", "trabajan para": "employ", "empleado": "employ", "empleada": "employ",
    "empleador": "employ",
    "hospital": "hospital",
    "plan de salud": "plan", "plan medico": "plan", "plan": "plan", "seguro": "plan",
    "seguro medico": "plan", "seguro de salud": "plan", "aseguradora": "plan", "pagador": "plan",
    "compania de seguros": "plan",
    "explicar": "explain", "explicame": "explain", "expliqueme": "explain", "explicacion": "explain",
    "definicion": "explain", "definir": "explain", "significa": "explain", "que significa": "explain",
    "que quiere decir": "explain", "en pocas palabras": "explain", "resumen": "explain",
    "he oido": "explain", "oi hablar": "explain", "escuche hablar": "explain", "de que se trata": "explain",
    "en que consiste": "explain",
    "csv": "csv", "excel": "csv", "hoja de calculo": "csv", "archivo": "csv", "subir un archivo": "csv",
    "cargar un archivo": "csv", "sftp": "csv",
    "personal del consultorio": "staff", "personal de la oficina": "staff", "el personal": "staff",
    "mi personal": "staff", "nuestro personal": "staff", "recepcionista": "staff",
    "companero de trabajo": "staff", "companera de trabajo": "staff", "colega": "staff",
    "gerente de la oficina": "staff", "administrador del consultorio": "staff",
    "administradora del consultorio": "staff",
    "compartir": "share", "comparten": "share", "comparte": "share", "vender": "share", "venden": "share",
    "auditoria": "audit", "registro de auditoria": "audit", "queda registrado": "audit",
    "se guarda": "audit", "guardan": "audit", "registran": "audit", "rastrean": "audit",
    "monitorean": "audit",
    "estafa": "legit", "fraude": "legit", "legitimo": "legit", "legitima": "legit", "es real": "legit",
    "es de verdad": "legit", "engano": "legit",
    "carta": "letter", "aviso": "letter", "paquete": "letter", "papeles": "letter", "me llego una carta": "letter",
    "que programas hay": "catalog", "programas hay": "catalog", "programas ofrecen": "catalog",
    "programas tienen": "catalog", "programas disponibles": "catalog", "todos los programas": "catalog",
    "cuales programas": "catalog", "que programas": "catalog", "programas existen": "catalog",
    "quien es mi coordinador": "name", "quien es mi coordinadora": "name", "quien es mi enfermera": "name",
    "nombre de mi coordinador": "name", "nombre de mi coordinadora": "name",
    "como se llama mi coordinadora": "name", "como se llama mi coordinador": "name",
    "nunca me inscribi": "notsignedup", "no me inscribi": "notsignedup", "nunca me apunte": "notsignedup",
    "nunca pedi": "notsignedup", "sin preguntarme": "notsignedup", "sin mi permiso": "notsignedup",
    "nunca acepte": "notsignedup", "yo no pedi": "notsignedup",
    "ya inicie sesion": "signedin", "con la sesion iniciada": "signedin", "ya entre": "signedin",
    "esta mal": "update", "estan mal": "update", "incorrecto": "update", "incorrecta": "update",
    "corregir": "update", "actualizar": "update", "equivocado": "update", "equivocada": "update",
    "que puedo hacer en": "portaluse", "que se puede hacer en": "portaluse", "funciones": "portaluse",
    "para que sirve el portal": "portaluse", "para que sirve este sitio": "portaluse",
    "para que sirve esta pagina": "portaluse",
    "no un robot": "human", "no una maquina": "human", "no un bot": "human",
}

# English words Spanish speakers use for the program's things ("mi care coordinator", "sign up").
SYNONYMS.update({
    "care coordinator": "coordinator", "care team": "careteam", "case management": "casemanager",
    "sign up": "enroll", "signup": "enroll", "enroll": "enroll", "enrollment": "enroll", "enrolled": "enrolled",
    "join": "enroll", "opt out": "withdraw", "unenroll": "withdraw", "cancel": "withdraw", "quit": "withdraw",
    "accountable care organization": "aco", "primary care": "pcp", "health plan": "plan", "copay": "cost",
    "eligibility": "eligible", "eligible": "eligible", "privacy": "privacy", "roster": "roster", "batch": "batch",
    "upload": "csv", "reset": "reset", "logout": "login", "log out": "login", "sign in": "login",
    "weight management": "weight", "stress management": "stress", "heart disease": "heart", "smoking": "tobacco",
    "vaping": "tobacco",
})
# Leaving a habit is tobacco, leaving a program is withdraw: "dejar" (or "parar", "quitar"...) with a
# tobacco word as its object, a few words apart at most ("quiero dejar el vape", "dejar ya de una vez el
# cigarro", "dejar el vicio de fumar"), while "dejar el programa" and "dejar de recibir llamadas" stay
# withdraw. One word per stem: "dejo", "deje" and "dejar" are one entry, as are "cigarro" and "cigarros".
_QUIT_VERBS = ("dejar", "parar", "quitar", "abandonar")
_HABITS = ("fumar", "vapear", "vape", "cigarro", "cigarrillo", "cigarrillo electronico", "tabaco", "nicotina",
           "vicio", "juul", "puro", "tabaquismo", "pipa")
_DETERMINERS = ("", "el", "la", "los", "las", "mi", "mis", "ese", "este", "con")
_QUIT_LINKS = (
    *_DETERMINERS, "de", *(f"{adverb} {determiner}".strip() for adverb in ("ya", "de una vez", "por completo")
                          for determiner in (*_DETERMINERS, "de")),
    *(f"de {use} {determiner}".strip() for use in ("usar", "consumir") for determiner in _DETERMINERS),
    *(f"{determiner} {habit} {link}".strip() for determiner in ("", "el", "mi", "este") for habit in ("vicio", "habito")
      for link in ("de", "del")),
)
SYNONYMS.update({" ".join(filter(None, (verb, link, habit))): "tobacco"
                 for verb in _QUIT_VERBS for link in _QUIT_LINKS for habit in _HABITS})

# Joining in every person: the short forms of "unirse" ("me uno", "se une", "nos unimos") need their
# pronoun, since "uno" and "una" alone are numbers and articles; the other verbs ("me inscribo", "se
# apunta", "me afilio") share one stem in every form. "Registrarse" alone is an account; for a program
# it is joining ("me registro en el programa de diabetes").
_PRONOUNS = ("me", "te", "se", "nos")
_UNIR_FORMS = ("uno", "une", "unes", "unen", "unimos", "una", "unas", "unan", "unamos", "uni", "unio", "unieron",
               "unire", "unira", "uniremos", "uniria", "unirian", "uniendo")
SYNONYMS.update({f"{pronoun} {form}": "enroll" for pronoun in _PRONOUNS for form in _UNIR_FORMS})
SYNONYMS.update({f"{pronoun} {form}": "enrolled" for pronoun in _PRONOUNS for form in ("uni", "unio", "unieron")})
SYNONYMS.update({f"{verb} {link} {article}programa": "enroll"
                 for verb in ("registrarme", "registrarse", "registrar", "registro", "registre", "registrarnos")
                 for link in ("en", "para", "a", "al")
                 for article in ("", "el ", "un ", "este ", "ese ", "algun ", "mi ", "los ", "uno de los ")})

# "¿en qué programas estoy?": a program with "I am in / I have / I joined" is the status of one's own
# enrollments, not the catalog (which "¿qué programas hay?" asks for).
SYNONYMS.update({f"{lead} {program} {verb}": "enrolled"
                 for lead in ("en que", "que", "cuales", "en cuales", "de que", "de cuales", "a que", "a cuales",
                              "cual", "en cual", "de cual", "a cual")
                 for program in ("programa", "programas")
                 for verb in ("estoy", "tengo", "me inscribi", "soy parte", "formo parte", "pertenezco", "participo",
                              "me uni", "me apunte", "me registre", "estoy inscrito", "estoy inscrita",
                              "estoy apuntado", "estoy apuntada", "ando", "sigo", "tengo activos")})

# Phrases that carry no question at all ("tengo una pregunta", "quisiera saber"): dropped.
FILLER_PHRASES: tuple[str, ...] = (
    "por favor", "una pregunta", "tengo una pregunta", "tengo una duda", "una duda", "quisiera saber",
    "quiero saber", "me gustaria saber", "necesito saber", "me puede decir", "me puedes decir",
    "me podria decir", "me podrias decir", "me puede ayudar", "me puedes ayudar", "me podria ayudar",
    "disculpe", "disculpa", "perdon", "no se", "ni idea", "a ver", "buenas tardes", "buenos dias",
    "buenas noches", "de casualidad", "por casualidad", "una consulta",
)

# Words that never decide a match on their own: dropped after synonyms.
STOP_WORDS: frozenset[str] = frozenset("""
    a al ante bajo con contra de del desde durante e el en entre hacia hasta mediante para por segun sin
    sobre tras y o u ni pero sino que como cuando donde cual cuales quien quienes cuanto cuanta cuantos
    cuantas porque pues si no tambien ya muy mas menos tan tanto asi aqui alli ahi ahora hoy
    yo me mi mis mio mia tu te ti tus usted ustedes su sus suyo suya el ella ellos ellas lo la los las le
    les se nos nosotros nosotras nuestro nuestra nuestros nuestras un una unos unas uno este esta estos
    estas ese esa esos esas eso esto aquel aquella algo alguno alguna algunos algunas nada ningun ninguna
    todo toda todos todas otro otra otros otras mismo cada
    es son era eran fue fueron ser sido soy eres somos esta estan estoy estas estamos estar estaba
    hay haber he ha han has hemos habia tener tengo tiene tienen tienes tenemos tenia
    hacer hago hace hacen hizo puedo puede pueden puedes podemos poder podria podrian quiero quiere
    quieren quieres queremos querer quisiera necesito necesita necesitan necesitamos necesitar debo
    debe deben deberia saber se sabe sabes decir dice dicen dime digame ver veo ir voy va van vamos
    dar doy da dan pasa pasar favor gracias hola hey ok okey vale bueno bien si pregunta preguntas
    duda ayuda ayudar ayudarme ayudame cosa cosas algo tipo manera forma modo vez veces
    mama mami madre padre papa papi esposo esposa marido mujer hijo hija hijos hijas nieto nieta nietos
    abuela abuelo abuelita abuelito tio tia sobrino sobrina hermano hermana familia familiar amigo amiga
    vecino vecina senor senora suegra suegro
    realmente exactamente basicamente solo solamente siempre nunca jamas quizas tal talvez creo pienso
    supongo claro entonces luego ademas incluso igual
    sale salen salio salieron care my
""".split())

# Everyday words the spelling corrector must not turn into a knowledge-base word.
COMMON_WORDS: frozenset[str] = frozenset("""
    clima tiempo manana receta recetas pan precio empresa copia crema dental dentista director directamente
    listo fisico discurso oficial navegador corto fiebre gran angel sonido medicare medicaid preguntando
    conexion recuperacion bebe recien nacido gimnasio membresia impresora red significado vida terapeuta
    urgente urgencia cita horario pension ingreso social retirado jubilado jubilacion demencia neumonia
    rodilla cirugia cirujano estomago prostata tableta computadora telefono buzon sobre tarjeta boletin
    supervisor gerente jefe ventana escritorio linea tarde noche fin semana sabado domingo lunes viernes
    primavera verano invierno otono chiste loteria deportes partido pelicula restaurante horoscopo trafico
    comida comer cena desayuno futbol musica intento intentos intentar intente intentado varios varias
""".split())

POSSESSIVES: frozenset[str] = frozenset({"mi", "mis", "su", "sus", "nuestro", "nuestra", "tu", "tus"})
RELATIVES: frozenset[str] = frozenset("""
    mama mami madre padre papa papi esposo esposa marido mujer hijo hija hijos hijas nieto nieta abuela
    abuelo abuelita abuelito tio tia sobrino sobrina hermano hermana familiar amigo amiga vecino vecina
    suegra suegro
""".split())


def _folded(table: dict[str, str]) -> dict[str, str]:
    return {fold(key): value for key, value in table.items()}


SPANISH = Lexicon(
    code="es", stem=spanish_stem, spelling=_folded(SPELLING), synonyms=SYNONYMS, stop_words=STOP_WORDS,
    fillers=FILLER_PHRASES, common_words=COMMON_WORDS | frozenset(ENGLISH_WORDS),
    possessives=POSSESSIVES, relatives=RELATIVES,
    asides=(("tambien",), ("aparte",), ("por", "cierto"), ("de", "paso"), ("otra", "pregunta"),
            ("otra", "cosa"), ("ademas",), ("si", "no"), ("una", "cosa", "mas")),
    aside_leads=frozenset({"y", "pero", "ah", "oh"}),
    payer_leads=("con", "de"),
)
