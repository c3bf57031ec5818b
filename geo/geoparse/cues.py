"""Words around a name that tell whether it is a place, and which kind (English and French).

All entries are match keys (lower case, no accents; see geo.text.spans.match_key).
"""

from __future__ import annotations

# A name followed by one of these (capitalised) is part of an organisation's name: "Anadolu Agency",
# "Orinoco Tribune", "Texas Rangers".  The place inside is not a place mention.
ORGANISATION_HEADS = frozenset({
    "agency", "agence", "tribune", "times", "post", "herald", "journal", "gazette", "press", "presse", "news",
    "daily", "weekly", "review", "magazine", "television", "tv", "radio", "broadcasting", "media", "online",
    "university", "universite", "college", "school", "institute", "institut", "academy", "foundation",
    "airlines", "airways", "air", "airport", "bank", "banque", "group", "groupe", "corporation", "company",
    "inc", "ltd", "plc", "sa", "club", "fc", "united", "city fc", "rangers", "raiders", "warriors", "lions",
    "stars", "eagles", "senators", "kings", "giants", "hospital", "church", "council", "party", "parti",
    "police", "department", "ministry", "office", "commission", "authority", "court", "assembly",
    "parliament", "senate", "league", "federation", "association", "union", "committee", "republicans",
    "democrats", "express", "telegraph", "observer", "standard", "guardian", "mirror", "monitor",
    "chronicle", "examiner", "independent", "star", "sun", "mail", "voice", "insider", "report", "today",
    "museum", "zoo", "stadium", "arena", "hotel", "mall", "station", "studios", "records", "energy", "oil",
    "petroleum", "mining", "telecom", "motors", "fashion", "week", "open", "marathon", "cup", "prize",
    "grand prix", "festival", "film", "summit", "declaration", "accord", "accords", "agreement", "treaty",
    "charter", "convention", "protocol", "process", "initiative", "strategy", "plan", "polytechnic",
    "state university", "state college", "state department", "state forecasters", "tech", "capitals",
    "nationals", "bulls", "cowboys", "patriots", "times union", "democrat", "gazette",
})

# Capitalised words after a name that make a longer place name the gazetteer lacks: "Orange County",
# "Washington Square", "Royal Street".  The longer name is the mention (reported unresolved).
FEATURE_NAME_HEADS = frozenset({
    "county", "township", "parish", "borough", "square", "street", "avenue", "road", "boulevard", "lane",
    "drive", "highway", "bridge", "park", "heights", "hills", "valley", "beach", "harbour", "harbor",
    "district", "quarter", "estate", "village", "neighbourhood", "neighborhood", "canyon", "island",
    "peninsula", "creek", "lake", "falls", "mountains", "forest", "camp",
})

# A name preceded by one of these (capitalised) is part of an organisation's name: "Agence France-Presse"
# is caught by ORGANISATION_HEADS; "University of Ghana", "Bank of Ghana" are caught here.
ORGANISATION_OPENERS = frozenset({
    "university of", "universite de", "bank of", "banque de", "government of", "gouvernement de",
    "republic of", "state of", "kingdom of", "national assembly of", "radio", "agence", "ministry of",
    "institute of", "college of", "school of", "museum of", "church of", "port of", "club",
})

# A name right after one of these is a person's name ("President Washington", "Colonel Goïta" is fine).
PERSON_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "president", "presidente", "pres", "general",
    "gen", "colonel", "col", "captain", "capt", "lieutenant", "lt", "major", "maj", "sergeant", "sgt",
    "minister", "ministre", "senator", "sen", "governor", "gov", "mayor", "judge", "justice", "king",
    "queen", "prince", "princess", "pope", "saint", "st", "father", "bishop", "imam", "sheikh", "cheikh",
    "professor", "prof", "coach", "monsieur", "madame", "mme", "m", "rev", "reverend", "chancellor",
    "commander", "admiral", "marshal", "director", "chairman", "ambassador", "rep", "representative",
    "congressman", "congresswoman", "actor", "actress", "singer", "rapper",
    # French forms not spelled like the English ones ("le capitaine Traoré", "le gouverneur Ouédraogo")
    "capitaine", "commandant", "sergent", "adjudant", "gouverneur", "maire", "prefet", "depute", "senateur",
    "juge", "docteur", "ambassadeur", "directeur",
})

# Titles that do not open a person's name on their own (geo.geoparse.people): they begin place names ("Saint
# Louis", "Prince George", "Lady Frere") or are ordinary adjectives in lower case ("a major Mopti market").
TITLES_OUTSIDE_NAMES = frozenset({
    "saint", "st", "king", "queen", "prince", "princess", "lady", "lord", "general", "major", "justice",
    "father", "pope",
})

# Given names common in West African, French and English news: a gazetteer name right after one of them
# (capitalised) is part of a person's name, "Thomas Boni Yayi", "Moussa Mara" (geo.geoparse.people).
# Not names that begin place names ("Sidi Bouzid", "Abu Dhabi", "San Pedro") or are places ("Florence").
GIVEN_NAMES = frozenset({
    # West African
    "abdou", "abdoul", "abdoulaye", "abdourahamane", "adama", "ahmadou", "ahmed", "alassane", "amadou",
    "aminata", "assimi", "bakary", "boubacar", "cheick", "fatoumata", "hamadou", "hamidou", "harouna",
    "ibrahim", "ibrahima", "idrissa", "kadidia", "lassina", "macky", "mahamadou", "mahamat",
    "mamadou", "mariam", "modibo", "mohamed", "mohammed", "moussa", "omar", "oumar", "ousmane", "salif",
    "salifou", "seydou", "souleymane", "yacouba",
    # French and English
    "blaise", "charles", "christian", "david", "emmanuel", "francois", "jacques", "james", "jean", "john",
    "joseph", "marie", "michael", "michel", "nicolas", "patrice", "pierre", "roch", "thomas",
})

# Role nouns written right before a person's name: "the analyst Florence Dori", "spokesman Amadou Touré".
PERSON_ROLES = frozenset({
    "analyst", "researcher", "journalist", "reporter", "correspondent", "spokesman", "spokeswoman",
    "spokesperson", "expert", "lawyer", "author", "editor", "commentator", "official", "photographer",
    "activist", "economist", "historian", "scholar", "diplomat", "envoy", "officer", "soldier", "chief",
    "leader", "colleague", "son", "daughter", "wife", "husband", "brother", "sister", "mother", "father",
    "contributor", "writer", "columnist",
})

# Verbs of saying after a name suggest a person or an organisation acting; for capitals and countries
# that is metonymy ("Paris said") and still a place mention, so this is used only for small places.
SPEECH_VERBS = frozenset({"said", "says", "told", "tweeted", "wrote", "added", "explained", "declared", "a declare"})

# Prepositions that introduce a location.
LOCATIVE_PREPOSITIONS = frozenset({
    "in", "at", "near", "from", "to", "into", "across", "around", "outside", "inside", "towards", "toward",
    "through", "throughout", "between", "via", "of", "north of", "south of", "east of", "west of",
    "a", "au", "aux", "en", "dans", "de", "des", "du", "pres de", "vers", "depuis", "sur", "entre",
})

# Words that open a sentence in front of a place name without being a name themselves: function words and the
# compass and size adjectives of English and French ("In Boni", "Northern Mali", "Dans Boni").  Any other
# capitalised opener that the text never writes in lower case may be a given name ("Yayi Boni a rencontré").
SENTENCE_OPENERS = LOCATIVE_PREPOSITIONS | frozenset({
    "the", "a", "an", "this", "that", "these", "those", "and", "but", "or", "nor", "so", "yet", "for", "as", "if",
    "when", "while", "since", "after", "before", "until", "like", "unlike", "beyond", "besides", "both", "only",
    "even", "also", "then", "now", "today", "yesterday", "why", "how", "where", "what", "with", "without", "by",
    "on", "over", "under", "along", "against", "amid", "among", "upon", "per", "all", "every", "each", "many",
    "some", "most", "several", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "greater", "upper", "lower", "new", "old", "le", "la", "les", "l", "un", "une", "ce", "cette",
    "ces", "et", "mais", "ou", "donc", "or", "car", "ni", "puis", "ainsi", "alors", "apres", "avant", "selon",
    "pour", "par", "avec", "sans", "sous", "contre", "chez", "hier", "aujourd", "nord", "sud", "est", "ouest",
    "centre", "haut", "bas", "grand", "petit", "tout", "toute", "tous", "plusieurs", "quand", "lorsque",
    "comme", "si", "depuis", "pendant", "malgre", "outre", "via",
})

# Cue words that select an entry's feature ("the Niger river", "Niger State", "Mopti region").
RIVER_CUES = frozenset({"river", "fleuve", "riviere", "valley", "vallee", "basin", "bassin", "delta"})
REGION_CUES = frozenset({"region", "province", "state", "district", "governorate", "department",
                         "departement", "prefecture", "county", "cercle", "wilaya"})
POPULATED_PLACE_CUES = frozenset({"city", "town", "village", "ville", "commune", "capital", "capitale",
                                  "localite", "municipality", "town of", "city of"})

# Words that introduce a place even when the gazetteer does not know it ("the village of Boulkessi").
UNKNOWN_PLACE_INTRODUCERS = frozenset({
    "village of", "town of", "city of", "commune of", "locality of", "region of", "province of",
    "district of", "department of", "cercle of", "camp of", "base of", "outskirts of", "area of",
    "village de", "ville de", "commune de", "localite de", "region de", "province de", "cercle de",
    "departement de", "camp de", "base de", "environs de", "villages of", "towns of",
})

# Days and months, English and French: written after a place ("attacked Kaya Friday", "in Lagos April 4") they do
# not continue its name.
DATE_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier", "mars",
    "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
})

# Capitalised words that are never places on their own, whatever the gazetteer says: days, months and
# frequent words that GeoNames also lists as towns, and family names common in Sahel reporting.
NEVER_PLACES = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "april", "june", "july", "august", "september", "october", "november", "december",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier", "mars",
    "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
    "of", "police", "same", "along", "union", "university", "liberty", "independence", "hope", "victory",
    "progress", "unity", "justice", "freedom", "peace", "can", "car", "cat", "god", "gap", "hit", "hub",
    "bad", "buy", "dig", "est", "sud", "nord", "ouest", "centre", "center", "mission", "colon", "eagle",
    "rex", "media", "alliance", "alliances", "charter", "republic", "state", "states", "kingdom",
    "march", "may", "north", "south", "east", "west", "central", "northern", "southern", "eastern",
    "western", "north west", "north east", "south west", "south east", "northwest", "northeast", "southwest",
    "southeast", "more", "most", "valley", "white house", "garden city", "education", "delta", "bank",
    "capital", "city", "coast", "island", "islands", "river", "lake", "mountains", "highlands", "region",
    "tiani", "goita", "traore", "bazoum", "diallo", "keita", "toure", "kone", "sy", "ba", "sow", "ka",
    "ndiaye", "diop", "sall", "deby", "issa", "moussa", "amadou", "ibrahim", "hassan", "mohamed",
})

# Common words that are also towns: not a place at the start of a sentence or in a headline, where
# capitalisation says nothing; mid-sentence and capitalised they are taken as places.
COMMON_WORD_PLACES = frozenset({
    "mobile", "reading", "split", "nice", "bath", "bar", "orange", "march", "may", "sale", "florence",
    "victoria", "male", "ali", "abu", "ann", "ben", "bay", "goa", "salem", "chester", "paul", "lourdes",
    "laval", "austin", "jackson", "madison", "lincoln", "franklin", "hamilton", "clinton", "carson",
    "warren", "marion", "dallas", "obama", "trump", "sharon", "eden", "phoenix", "aurora", "mercedes",
    "san", "say", "gay", "bo", "do", "go", "ho", "da", "ea",
})

# Generic words of administrative units: in "région de Kidal", "province du Soum" or "Gao Region" they are a
# cue that sets the feature, not part of the toponym (geo.geoparse.parser trims them from the span when what
# remains is the entry's own name).  Not "state" or "county": "Islamic State", "Orange County".
GENERIC_PLACE_WORDS = frozenset({"region", "province", "cercle", "commune", "departement", "department",
                                 "prefecture", "district", "wilaya", "governorate"})

# French generic nouns written in lower case before a river's or a lake's name ("le fleuve Niger", "lac Tchad"):
# a cue, not part of the toponym, so the span is trimmed to "Niger", "Tchad".  (English "Niger River" keeps its
# head: capitalised, it is part of the English name, as the public benchmarks annotate it.)
LEADING_FEATURE_GENERICS = frozenset({"fleuve", "riviere", "lac"})

# French words that introduce a location: a single capitalised word right after one of them is reported as a
# place even when the gazetteer lacks it ("tués à Tabatol", "près de Seytenga", "les habitants de Madjoari"),
# unresolved.  "a" stands for "à" and counts only when the text has the accent (English "a" is an article).
FRENCH_PLACE_INTRODUCERS = frozenset({
    "a", "pres de", "pres d", "non loin de", "non loin d", "aux environs de", "aux environs d", "entre", "vers",
    "jusqu a", "habitants de", "habitants d", "attaque de", "attaque d", "route de", "route d", "reprise de",
    "reprise d", "gendarmerie de", "gendarmerie d", "chasses de", "chasses d", "originaires de", "originaires d",
})

# French coordinators after a place name: "entre Kaya et Barsalogho", "Bourzanga et Namssiguia", "à Malanville et
# à Karimama".  A single capitalised word after one of them continues the list of places.
FRENCH_PLACE_COORDINATORS = frozenset({"et", "ou"})

# Acronyms of organisations that are also French words ("un", "une"): after an elided article, in a headline in
# capitals ("LA MORT D'UN CHEF"), they are the word, not the United Nations.
WORD_ACRONYMS = frozenset({"un"})
