"""Controlled vocabularies of the dataset, with their labels in our three languages.

The data files may only use the codes listed here; the loader rejects anything else, so a typo
in a CSV is caught before it reaches an investor. Colours live beside the codes so the map, the
legend and later exports cannot disagree.
"""

from __future__ import annotations

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


# Primary commodity colours follow common geological-map conventions (copper's orange-brown,
# gold's yellow, iron's rust) so a geologist reads them without the legend.
MINERALS = _table(
    Term("Cu", "Copper", "Cobre", "銅", "#c2571a"),
    Term("Zn", "Zinc", "Zinc", "亜鉛", "#4a6fa5"),
    Term("Pb", "Lead", "Plomo", "鉛", "#5b5b6b"),
    Term("Ag", "Silver", "Plata", "銀", "#9aa3ad"),
    Term("Au", "Gold", "Oro", "金", "#e0b000"),
    Term("Sn", "Tin", "Estaño", "スズ", "#2a9d8f"),
    Term("Fe", "Iron", "Hierro", "鉄", "#8b2e16"),
    Term("Mo", "Molybdenum", "Molibdeno", "モリブデン", "#7b4fa0"),
    Term("Li", "Lithium", "Litio", "リチウム", "#3cb043"),
    Term("U", "Uranium", "Uranio", "ウラン", "#a4c400"),
    Term("P", "Phosphate", "Fosfato", "リン鉱石", "#d46a9f"),
    Term("W", "Tungsten", "Tungsteno", "タングステン", "#6d8b74"),
    Term("Bi", "Bismuth", "Bismuto", "ビスマス", "#c9a0dc"),
    Term("Cd", "Cadmium", "Cadmio", "カドミウム", "#b5651d"),
    Term("In", "Indium", "Indio", "インジウム", "#6a5acd"),
    Term("Sb", "Antimony", "Antimonio", "アンチモン", "#708090"),
    Term("Te", "Tellurium", "Telurio", "テルル", "#8fbc8f"),
    Term("Mn", "Manganese", "Manganeso", "マンガン", "#a0522d"),
    Term("Ni", "Nickel", "Níquel", "ニッケル", "#556b2f"),
    Term("Co", "Cobalt", "Cobalto", "コバルト", "#0047ab"),
    Term("REE", "Rare earths", "Tierras raras", "レアアース", "#e75480"),
    Term("K", "Potash", "Potasa", "カリ", "#cc7722"),
    Term("B", "Boron", "Boro", "ホウ素", "#daa520"),
    Term("S", "Sulphur", "Azufre", "硫黄", "#cccc00"),
    Term("LNG", "Natural gas (LNG)", "Gas natural (GNL)", "天然ガス(LNG)", "#1f77b4"),
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
