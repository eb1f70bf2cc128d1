"""Every string the user reads, in English, Spanish and Japanese, in one table.

Missing translations fail the test suite (tests/test_i18n.py), not a visitor at a booth.
Values may carry ``str.format`` fields; every language must use the same ones.
"""

from __future__ import annotations

from geo.vocab import LANGUAGES

DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español", "ja": "日本語"}

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {
        "en": "Peru–Japan Minerals Atlas",
        "es": "Atlas Minero Perú–Japón",
        "ja": "ペルー・日本 鉱物資源アトラス",
    },
    "app.tagline": {
        "en": "Peru's mines and deposits, who holds them, and Japan's part in them.",
        "es": "Las minas y yacimientos del Perú, sus titulares y la participación de Japón.",
        "ja": "ペルーの鉱山・鉱床、その権益保有者、そして日本企業の関与。",
    },
    "nav.map": {"en": "Map explorer", "es": "Explorador del mapa", "ja": "マップ探索"},
    "data.sources": {"en": "Sources", "es": "Fuentes", "ja": "出典一覧"},
    "col.licence": {"en": "Licence", "es": "Licencia", "ja": "ライセンス"},
    "col.supports": {"en": "Supports", "es": "Respalda", "ja": "根拠となる項目"},
    "nav.data": {"en": "Data & sources", "es": "Datos y fuentes", "ja": "データと出典"},
    "sidebar.language": {"en": "Language", "es": "Idioma", "ja": "言語"},
    "sidebar.filters": {"en": "Filters", "es": "Filtros", "ja": "絞り込み"},
    "filter.minerals": {"en": "Mineral", "es": "Mineral", "ja": "鉱種"},
    "filter.primary_only": {
        "en": "Primary mineral only",
        "es": "Solo mineral principal",
        "ja": "主要鉱種のみ",
    },
    "filter.statuses": {"en": "Stage", "es": "Etapa", "ja": "段階"},
    "filter.companies": {"en": "Japanese company", "es": "Empresa japonesa", "ja": "日本企業"},
    "filter.departments": {"en": "Department", "es": "Departamento", "ja": "県(デパルタメント)"},
    "filter.japan_only": {
        "en": "Japanese-linked only",
        "es": "Solo con participación japonesa",
        "ja": "日本企業関与のみ",
    },
    "filter.reset": {"en": "Clear filters", "es": "Quitar filtros", "ja": "絞り込み解除"},
    "filter.any": {"en": "Any", "es": "Cualquiera", "ja": "すべて"},
    "map.count": {
        "en": "{n} of {total} sites",
        "es": "{n} de {total} sitios",
        "ja": "{total}か所中 {n}か所",
    },
    "map.none": {
        "en": "No site matches these filters.",
        "es": "Ningún sitio coincide con estos filtros.",
        "ja": "条件に一致する地点はありません。",
    },
    "map.click_hint": {
        "en": "Click a site on the map or a row in the table to see its owners and sources.",
        "es": "Haga clic en un sitio del mapa o en una fila de la tabla para ver sus titulares "
              "y fuentes.",
        "ja": "地図上の地点または表の行をクリックすると、権益保有者と出典が表示されます。",
    },
    "layer.base": {
        "en": "Countries (offline base)",
        "es": "Países (base sin conexión)",
        "ja": "国境(オフライン基図)",
    },
    "layer.tiles": {
        "en": "Street map (needs internet)",
        "es": "Mapa de calles (requiere internet)",
        "ja": "道路地図(要インターネット)",
    },
    "layer.sites": {"en": "Mines and deposits", "es": "Minas y yacimientos", "ja": "鉱山・鉱床"},
    "legend.title": {"en": "Legend", "es": "Leyenda", "ja": "凡例"},
    "legend.colour": {
        "en": "Colour: primary mineral",
        "es": "Color: mineral principal",
        "ja": "色:主要鉱種",
    },
    "legend.shape": {"en": "Shape: stage", "es": "Forma: etapa", "ja": "形:段階"},
    "legend.japan": {
        "en": "Red ring: a Japanese company is linked",
        "es": "Anillo rojo: vinculada a una empresa japonesa",
        "ja": "赤い輪:日本企業が関与",
    },
    "legend.cluster": {
        "en": "Numbered discs group nearby sites; zoom in to separate them.",
        "es": "Los discos numerados agrupan sitios cercanos; acerque el mapa para separarlos.",
        "ja": "数字の円は近接する地点のまとまりです。拡大すると分かれます。",
    },
    "site.kind": {"en": "Type", "es": "Tipo", "ja": "種別"},
    "site.status": {"en": "Stage", "es": "Etapa", "ja": "段階"},
    "site.minerals": {"en": "Minerals", "es": "Minerales", "ja": "鉱種"},
    "site.department": {"en": "Department", "es": "Departamento", "ja": "県"},
    "site.operator": {"en": "Operator", "es": "Operador", "ja": "操業者"},
    "site.start_year": {"en": "Production since", "es": "Produce desde", "ja": "生産開始"},
    "site.owners": {
        "en": "Owners and partners",
        "es": "Titulares y socios",
        "ja": "権益保有者・パートナー",
    },
    "site.no_owners": {
        "en": "No sourced ownership yet.",
        "es": "Aún sin titularidad con fuente.",
        "ja": "出典のある権益情報はまだありません。",
    },
    "site.source": {"en": "Source", "es": "Fuente", "ja": "出典"},
    "site.as_of": {"en": "as of {date}", "es": "al {date}", "ja": "{date}時点"},
    "site.confidence": {"en": "Confidence", "es": "Confianza", "ja": "確度"},
    "site.precision": {
        "en": "Location within ~{m} m",
        "es": "Ubicación con precisión de ~{m} m",
        "ja": "位置精度 約{m} m",
    },
    "site.coordinates": {"en": "Coordinates", "es": "Coordenadas", "ja": "座標"},
    "site.coord_source": {
        "en": "Location source", "es": "Fuente de la ubicación", "ja": "位置の出典",
    },
    "site.japanese": {"en": "Japanese", "es": "Japonesa", "ja": "日本企業"},
    "site.details": {"en": "Site details", "es": "Detalle del sitio", "ja": "地点の詳細"},
    "site.close": {"en": "Close", "es": "Cerrar", "ja": "閉じる"},
    "col.name": {"en": "Site", "es": "Sitio", "ja": "地点"},
    "col.status": {"en": "Stage", "es": "Etapa", "ja": "段階"},
    "col.minerals": {"en": "Minerals", "es": "Minerales", "ja": "鉱種"},
    "col.department": {"en": "Department", "es": "Departamento", "ja": "県"},
    "col.operator": {"en": "Operator", "es": "Operador", "ja": "操業者"},
    "col.japan": {"en": "Japanese partners", "es": "Socios japoneses", "ja": "日本企業"},
    "col.company": {"en": "Company", "es": "Empresa", "ja": "企業"},
    "col.country": {"en": "Country", "es": "País", "ja": "国"},
    "col.role": {"en": "Role", "es": "Rol", "ja": "役割"},
    "col.share": {"en": "Share %", "es": "Participación %", "ja": "持分 %"},
    "col.kind": {"en": "Kind", "es": "Tipo", "ja": "種別"},
    "col.source": {"en": "Source", "es": "Fuente", "ja": "出典"},
    "col.as_of": {"en": "As of", "es": "Fecha", "ja": "時点"},
    "col.confidence": {"en": "Confidence", "es": "Confianza", "ja": "確度"},
    "col.site": {"en": "Site", "es": "Sitio", "ja": "地点"},
    "col.name_ja": {"en": "Japanese name", "es": "Nombre japonés", "ja": "日本語名"},
    "col.hq": {"en": "Headquarters", "es": "Sede", "ja": "本社"},
    "col.capex": {"en": "Capex (US$ M)", "es": "Capex (US$ M)", "ja": "設備投資(百万米ドル)"},
    "col.precision": {"en": "Location within (m)", "es": "Ubicación ± (m)", "ja": "位置精度(m)"},
    "col.peru_presence": {"en": "In Peru", "es": "En el Perú", "ja": "ペルーでの事業"},
    "col.mineral": {"en": "Mineral", "es": "Mineral", "ja": "鉱種"},
    "col.amount": {"en": "Amount", "es": "Cantidad", "ja": "数量"},
    "col.unit": {"en": "Unit", "es": "Unidad", "ja": "単位"},
    "col.year": {"en": "Year", "es": "Año", "ja": "年"},
    "col.basis": {"en": "Basis", "es": "Base", "ja": "基準"},
    "col.note": {"en": "Note", "es": "Nota", "ja": "注記"},
    "col.destination": {"en": "Destination", "es": "Destino", "ja": "輸出先"},
    "col.share_pct": {"en": "Share %", "es": "Participación %", "ja": "シェア %"},
    "col.value_musd": {"en": "Value (US$ M)", "es": "Valor (US$ M)", "ja": "金額(百万米ドル)"},
    "col.rank": {"en": "Rank", "es": "Puesto", "ja": "順位"},
    "col.period": {"en": "Period", "es": "Periodo", "ja": "期間"},
    "col.date": {"en": "Date", "es": "Fecha", "ja": "日付"},
    "col.milestone": {"en": "Milestone", "es": "Hito", "ja": "出来事"},
    "col.amount_musd": {"en": "US$ M", "es": "US$ M", "ja": "百万米ドル"},
    "site.capex": {"en": "Capex", "es": "Inversión (capex)", "ja": "設備投資額"},
    "site.capex_value": {"en": "US$ {v} M", "es": "US$ {v} millones", "ja": "{v}百万米ドル"},
    "site.production": {"en": "Production", "es": "Producción", "ja": "生産量"},
    "site.no_production": {
        "en": "No sourced production figure yet.",
        "es": "Aún no hay una cifra de producción con fuente.",
        "ja": "出典のある生産量データはまだありません。",
    },
    "site.equity_partial": {
        "en": "Listed equity adds up to {pct}; the rest of the ownership is not sourced.",
        "es": "Las participaciones listadas suman {pct}; el resto de la propiedad no tiene fuente.",
        "ja": "掲載した出資比率の合計は{pct}です。残りの所有者は出典未確認です。",
    },
    "site.neighbours": {"en": "Next to", "es": "Junto a", "ja": "隣接"},
    "data.production": {"en": "Production", "es": "Producción", "ja": "生産量"},
    "data.trade": {"en": "Exports by destination", "es": "Exportaciones por destino",
                   "ja": "輸出先別輸出"},
    "data.milestones": {"en": "Partnership timeline", "es": "Cronología de la asociación",
                        "ja": "日ペルー協力の歩み"},
    "data.ownership_gaps": {
        "en": "{n} sites have listed equity below 100%: the missing holders are not sourced yet.",
        "es": "{n} sitios tienen participaciones listadas por debajo del 100 %: faltan fuentes "
              "para los demás accionistas.",
        "ja": "{n}地点は掲載した出資比率の合計が100%未満です(残りの株主は出典未確認)。",
    },
    "data.intro": {
        "en": "Every fact on the map comes from these reviewed tables. Each row names its "
              "source and the date it describes; empty means nobody has sourced it yet, never "
              "a guess.",
        "es": "Cada dato del mapa proviene de estas tablas revisadas. Cada fila indica su "
              "fuente y la fecha a la que se refiere; una celda vacía significa que aún no "
              "tiene fuente, nunca una suposición.",
        "ja": "地図上のすべての情報は、これらの確認済みの表に基づいています。各行には出典と"
              "時点が記載されています。空欄は出典未確認を意味し、推測で埋めることはありません。",
    },
    "data.sites": {"en": "Sites", "es": "Sitios", "ja": "地点"},
    "data.companies": {"en": "Companies", "es": "Empresas", "ja": "企業"},
    "data.stakes": {"en": "Stakes and roles", "es": "Participaciones y roles", "ja": "権益・役割"},
    "data.basemap": {
        "en": "Base map: {source} ({licence}).",
        "es": "Mapa base: {source} ({licence}).",
        "ja": "基図:{source}({licence})。",
    },
    "error.data": {
        "en": "The data files did not pass validation, so nothing is shown rather than "
              "something wrong:",
        "es": "Los archivos de datos no pasaron la validación; no se muestra nada antes que "
              "algo erróneo:",
        "ja": "データファイルが検証に通らなかったため、誤った情報を表示しないよう何も表示して"
              "いません:",
    },
    "error.assets": {
        "en": "The map's offline assets are missing. Run `python -m geo.assets` once "
              "(the README's first command does it).",
        "es": "Faltan los recursos sin conexión del mapa. Ejecute `python -m geo.assets` una "
              "vez (el primer comando del README lo hace).",
        "ja": "地図のオフライン用ファイルがありません。`python -m geo.assets` を一度実行して"
              "ください(READMEの最初のコマンドで実行されます)。",
    },
    "error.unknown_language": {
        "en": "Unknown language {value!r} in the link; showing English.",
        "es": "Idioma desconocido {value!r} en el enlace; se muestra en inglés.",
        "ja": "リンクの言語 {value!r} は未対応のため、英語で表示しています。",
    },
    "error.unknown_site": {
        "en": "The link names a site that is not in the atlas; nothing is selected.",
        "es": "El enlace menciona un sitio que no está en el atlas; no se selecciona nada.",
        "ja": "リンクの地点はアトラスにありません。選択は解除されています。",
    },
}


def t(key: str, lang: str, **fields: object) -> str:
    entry = STRINGS[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**fields) if fields else text


def resolve_language(value: object) -> tuple[str, bool]:
    """The language to use for a raw URL value, and whether the value was understood."""
    if value is None or value == "":
        return DEFAULT_LANGUAGE, True
    text = str(value).strip().lower()[:8]
    if text in LANGUAGES:
        return text, True
    return DEFAULT_LANGUAGE, False
