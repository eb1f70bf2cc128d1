"""Controlled vocabularies of the dataset, with their labels in our three languages.

The data files may only use the codes listed here; the loader rejects anything else, so a typo
in a CSV is caught before it reaches an investor. Colours live beside the codes so the map, the
legend and later exports cannot disagree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

LANGUAGES = ("en", "es", "ja")


@dataclass(frozen=True)
class Term:
    code: str
    en: str
    es: str
    ja: str
    colour: str = "#777777"

    def label(self, lang: str) -> str:
        return getattr(self, lang, self.en) if lang in LANGUAGES else self.en


def _table(*terms: Term) -> dict[str, Term]:
    return {t.code: t for t in terms}


# Mineral colours are the map's main message, so they must survive colour-vision deficiency. The
# eleven minerals that are some site's primary take colours from tested categorical sets (Okabe &
# Ito 2008; Paul Tol's bright, high-contrast and light schemes), assigned by searching those sets
# for the choice whose closest pair stays farthest apart in CAM02-UCS under normal vision and full
# (severity 100) deutan, protan and tritan simulations; tests/test_palette.py gates it. Within that,
# convention wins where it can: copper Okabe-Ito vermillion, gold Tol's golden yellow, silver grey,
# zinc Okabe-Ito blue, lithium bluish green, gas sky blue, phosphate reddish purple (its old pink),
# uranium yellowcake yellow, tin white (a white metal), iron dark grey (Marcona's ore is magnetite;
# a rust red would sit on the Japan ring's red). Tungsten takes the remaining pale cyan. Red is left
# to the Japan ring: no mineral comes near #bc002d under any simulation. The rarer minerals, never
# primary today, got the leftover colours of those sets and of ColorBrewer's Dark2/Set2 that lie
# farthest from all the others in normal vision, with a nod to convention (cobalt blue, manganese
# rhodochrosite pink, nickel garnierite green, boron flame green, sulphur olive yellow). Lead, rare
# earths and boron became primaries with issue #16 (Las Águilas, San Ramón, Inkabor): their colours
# were found by a grid search (every 17th sRGB level) for the candidate nearest the old one that
# keeps ΔE ≥ 12 to every other primary and the Japan ring under all four visions (the test gates
# at 11).
MINERALS = _table(
    Term("Cu", "Copper", "Cobre", "銅", "#d55e00"),
    Term("Zn", "Zinc", "Zinc", "亜鉛", "#0072b2"),
    Term("Pb", "Lead", "Plomo", "鉛", "#8866ff"),
    Term("Ag", "Silver", "Plata", "銀", "#bbbbbb"),
    Term("Au", "Gold", "Oro", "金", "#ddaa33"),
    Term("Sn", "Tin", "Estaño", "スズ", "#ffffff"),
    Term("Fe", "Iron", "Hierro", "鉄", "#666666"),
    Term("Mo", "Molybdenum", "Molibdeno", "モリブデン", "#888888"),
    Term("Li", "Lithium", "Litio", "リチウム", "#009e73"),
    Term("U", "Uranium", "Uranio", "ウラン", "#f0e442"),
    Term("P", "Phosphate", "Fosfato", "リン鉱石", "#cc79a7"),
    Term("W", "Tungsten", "Tungsteno", "タングステン", "#99ddff"),
    Term("Bi", "Bismuth", "Bismuto", "ビスマス", "#ffaabb"),
    Term("Cd", "Cadmium", "Cadmio", "カドミウム", "#e5c494"),
    Term("In", "Indium", "Indio", "インジウム", "#aa4499"),
    Term("Sb", "Antimony", "Antimonio", "アンチモン", "#882255"),
    Term("Te", "Tellurium", "Telurio", "テルル", "#66c2a5"),
    Term("Mn", "Manganese", "Manganeso", "マンガン", "#e7298a"),
    Term("Ni", "Nickel", "Níquel", "ニッケル", "#a6d854"),
    Term("Co", "Cobalt", "Cobalto", "コバルト", "#004488"),
    Term("REE", "Rare earths", "Tierras raras", "レアアース", "#774477"),
    Term("K", "Potash", "Potasa", "カリ", "#ee8866"),
    Term("B", "Boron", "Boro", "ホウ素", "#88bb77"),
    Term("S", "Sulphur", "Azufre", "硫黄", "#aaaa00"),
    Term("LNG", "Natural gas (LNG)", "Gas natural (GNL)", "天然ガス(LNG)", "#56b4e9"),
)

STATUSES = _table(
    Term("operating", "Operating", "En operación", "操業中"),
    Term("construction", "Construction", "En construcción", "建設中"),
    Term("feasibility", "Feasibility / permitting", "Factibilidad / permisos",
         "事業化調査・許認可"),
    Term("exploration", "Exploration", "Exploración", "探鉱"),
    Term("deposit", "Known deposit", "Yacimiento conocido", "既知鉱床"),
    Term("closed", "Closed / on hold", "Cerrada / paralizada", "閉山・休止"),
)

SITE_KINDS = _table(
    Term("mine", "Mine", "Mina", "鉱山"),
    Term("project", "Project", "Proyecto", "プロジェクト"),
    Term("deposit", "Deposit", "Yacimiento", "鉱床"),
    Term("energy", "Energy site", "Instalación energética", "エネルギー施設"),
    Term("plant", "Smelter / refinery", "Fundición / refinería", "製錬所・精製所"),
)

ROLES = _table(
    Term("equity", "Equity", "Participación", "出資"),
    Term("offtake", "Offtake", "Compra de producción", "引取"),
    Term("finance", "Finance", "Financiamiento", "融資"),
    Term("technology", "Technology", "Tecnología", "技術"),
    Term("engineering", "Engineering", "Ingeniería", "エンジニアリング"),
    Term("equipment", "Equipment", "Equipos", "機材供給"),
)

COMPANY_KINDS = _table(
    Term("trading_house", "Trading house", "Empresa comercial (sogo shosha)", "総合商社"),
    Term("miner", "Mining company", "Empresa minera", "鉱山会社"),
    Term("smelter", "Smelter / refiner", "Fundición / refinería", "製錬会社"),
    Term("engineering", "Engineering", "Ingeniería", "エンジニアリング"),
    Term("equipment", "Equipment maker", "Fabricante de equipos", "機械メーカー"),
    Term("state_agency", "State agency", "Agencia estatal", "政府機関"),
    Term("bank", "Bank", "Banco", "銀行"),
    Term("energy", "Energy company", "Empresa energética", "エネルギー会社"),
    Term("investor", "Investor", "Inversionista", "投資会社"),
    Term("other", "Other", "Otro", "その他"),
)

# How a site's Japanese name was got: read on a Japanese page, or our katakana of the Spanish.
NAME_JA_BASES = _table(
    Term("cited", "As written in Japanese sources", "Como se escribe en fuentes japonesas",
         "日本語資料の表記"),
    Term("transliterated", "Our transliteration", "Transliteración nuestra", "当方による音訳"),
)

CONFIDENCE = _table(
    Term("high", "High", "Alta", "高"),
    Term("medium", "Medium", "Media", "中"),
    Term("low", "Low", "Baja", "低"),
)

# Peru's 24 departments plus the Constitutional Province of Callao, as INEI spells them.
DEPARTMENTS = (
    "Amazonas", "Áncash", "Apurímac", "Arequipa", "Ayacucho", "Cajamarca", "Callao", "Cusco",
    "Huancavelica", "Huánuco", "Ica", "Junín", "La Libertad", "Lambayeque", "Lima", "Loreto",
    "Madre de Dios", "Moquegua", "Pasco", "Piura", "Puno", "San Martín", "Tacna", "Tumbes",
    "Ucayali",
)

# The departments as Japanese Wikipedia's table of Peru's administrative divisions writes them
# (https://ja.wikipedia.org/wiki/ペルーの地方行政区画); Spanish and English keep INEI's spelling.
DEPARTMENT_NAMES_JA = dict(zip(DEPARTMENTS, (
    "アマソナス県", "アンカシュ県", "アプリマク県", "アレキパ県", "アヤクーチョ県",
    "カハマルカ県", "カヤオ特別郡", "クスコ県", "ワンカベリカ県", "ワヌコ県", "イカ県", "フニン県",
    "ラ・リベルタ県", "ランバイエケ県", "リマ県", "ロレート県", "マードレ・デ・ディオス県",
    "モケグア県", "パスコ県", "ピウラ県", "プーノ県", "サン・マルティン県", "タクナ県",
    "トゥンベス県", "ウカヤリ県",
), strict=True))


def department_name(department: str, lang: str) -> str:
    if lang == "ja":
        return DEPARTMENT_NAMES_JA.get(department, department)
    return department


JAPAN = "JP"

# One unit per mineral across all of production.csv, so output can be summed and compared:
# metals in tonnes of contained (or payable) metal, precious metals in troy ounces.
UNITS = _table(
    Term("t", "t", "t", "t"),
    Term("oz", "troy oz", "oz troy", "トロイオンス"),
    Term("lb", "lb", "lb", "ポンド"),
)
_UNIT_OF = {"Au": "oz", "Ag": "oz", "U": "lb"}


def production_unit(mineral: str) -> str:
    return _UNIT_OF.get(mineral, "t")


TRADE_BASES = _table(
    Term("value", "share of export value", "participación en valor", "輸出額ベース"),
    Term("volume", "share of export volume", "participación en volumen", "輸出量ベース"),
)

# Countries the data names (company seats, export destinations); ``numeric`` is ISO 3166-1,
# the id Natural Earth (world-atlas) uses, so destinations can be found on the map.
@dataclass(frozen=True)
class Country:
    code: str
    numeric: str
    en: str
    es: str
    ja: str

    def label(self, lang: str) -> str:
        return getattr(self, lang, self.en) if lang in LANGUAGES else self.en


COUNTRIES = {c.code: c for c in (
    Country("AE", "784", "United Arab Emirates", "Emiratos Árabes Unidos", "アラブ首長国連邦"),
    Country("AU", "036", "Australia", "Australia", "オーストラリア"),
    Country("CA", "124", "Canada", "Canadá", "カナダ"),
    Country("CH", "756", "Switzerland", "Suiza", "スイス"),
    Country("CL", "152", "Chile", "Chile", "チリ"),
    Country("CN", "156", "China", "China", "中国"),
    Country("ES", "724", "Spain", "España", "スペイン"),
    Country("GB", "826", "United Kingdom", "Reino Unido", "英国"),
    Country("IN", "356", "India", "India", "インド"),
    Country("JE", "832", "Jersey", "Jersey", "ジャージー"),
    Country("JP", "392", "Japan", "Japón", "日本"),
    Country("KR", "410", "South Korea", "Corea del Sur", "韓国"),
    Country("LU", "442", "Luxembourg", "Luxemburgo", "ルクセンブルク"),
    Country("PE", "604", "Peru", "Perú", "ペルー"),
    Country("SG", "702", "Singapore", "Singapur", "シンガポール"),
    Country("US", "840", "United States", "Estados Unidos", "米国"),
    Country("ZA", "710", "South Africa", "Sudáfrica", "南アフリカ"),
)}
WORLD_TOTAL = {"WORLD": ("All destinations", "Todos los destinos", "全輸出先"),
               "OTHER": ("Other destinations", "Otros destinos", "その他")}


def country_name(code: str, lang: str) -> str:
    if code in COUNTRIES:
        return COUNTRIES[code].label(lang)
    if code in WORLD_TOTAL:
        return WORLD_TOTAL[code][LANGUAGES.index(lang) if lang in LANGUAGES else 0]
    return code


SENSITIVITY = _table(
    Term("high", "High", "Alta", "高", "#c62828"),
    Term("medium", "Medium", "Media", "中", "#ef8f00"),
    Term("low", "Low", "Baja", "低", "#2e7d32"),
)

# SERNANP's categories of protected natural areas, and the two kinds of PIACI reserve.
AREA_CATEGORIES = _table(
    Term("parque_nacional", "National park", "Parque nacional", "国立公園"),
    Term("santuario_nacional", "National sanctuary", "Santuario nacional", "国立サンクチュアリ"),
    Term("santuario_historico", "Historic sanctuary", "Santuario histórico", "歴史保護区"),
    Term("reserva_nacional", "National reserve", "Reserva nacional", "国立保護区"),
    Term("refugio_vida_silvestre", "Wildlife refuge", "Refugio de vida silvestre",
         "野生生物保護区"),
    Term("reserva_paisajistica", "Landscape reserve", "Reserva paisajística",
         "景観保護区"),
    Term("reserva_comunal", "Communal reserve", "Reserva comunal", "共同体保護区"),
    Term("bosque_proteccion", "Protection forest", "Bosque de protección", "保護林"),
    Term("coto_caza", "Hunting reserve", "Coto de caza", "狩猟区"),
    Term("zona_reservada", "Reserved zone", "Zona reservada", "暫定保護区"),
    Term("reserva_indigena", "Indigenous reserve", "Reserva indígena", "先住民保護区"),
    Term("reserva_territorial", "Territorial reserve", "Reserva territorial", "領域保護区"),
    Term("area_conservacion_regional", "Regional conservation area",
         "Área de conservación regional", "地域保全地域"),
    Term("area_conservacion_privada", "Private conservation area",
         "Área de conservación privada", "私有保全地域"),
)


def slug(text: object) -> str:
    """An official label as our vocabulary code: 'Bosque de Protección' -> 'bosque_proteccion'."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    words = [w for w in plain.replace("-", " ").split() if w not in ("de", "del", "la", "las")]
    return "_".join(words)

# Stages as MINEM's Cartera de Proyectos de Inversión Minera names them.
PORTFOLIO_STAGES = _table(
    Term("in_execution", "In execution", "En ejecución", "実施中"),
    Term("detailed_engineering", "Detailed engineering", "Ingeniería de detalle", "詳細設計"),
    Term("feasibility", "Feasibility", "Factibilidad", "フィージビリティ・スタディ"),
    Term("prefeasibility", "Pre-feasibility", "Prefactibilidad",
         "プレ・フィージビリティ・スタディ"),
    Term("conceptual", "Conceptual engineering", "Ingeniería conceptual", "概念設計"),
    Term("suspended", "Execution suspended", "Ejecución suspendida", "実施中断"),
)

MILESTONE_KINDS = _table(
    Term("agreement", "Agreement", "Acuerdo", "合意・協定"),
    Term("summit", "Summit", "Cumbre", "首脳会議"),
    Term("visit", "State visit", "Visita oficial", "公式訪問"),
    Term("meeting", "Business meeting", "Reunión empresarial", "経済会議"),
    Term("expo", "Exhibition", "Exposición", "博覧会"),
    Term("investment", "Investment", "Inversión", "投資"),
    Term("anniversary", "Anniversary", "Aniversario", "記念"),
)


def label(table: dict[str, Term], code: str, lang: str) -> str:
    """Label of a code, or the code itself so unexpected values stay visible, never blank."""
    term = table.get(code)
    return term.label(lang) if term else code
