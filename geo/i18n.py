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
    "nav.environment": {"en": "Environment", "es": "Medio ambiente", "ja": "環境"},
    "env.title": {"en": "Environmental sensitivity", "es": "Sensibilidad ambiental",
                  "ja": "環境への配慮"},
    "env.intro": {
        "en": "How close each site sits to the Amazon, protected natural areas and reserves for "
              "indigenous peoples in isolation — a first screening, not an impact assessment.",
        "es": "Qué tan cerca está cada sitio de la Amazonía, las áreas naturales protegidas y las "
              "reservas para pueblos indígenas en aislamiento: un primer cribado, no una "
              "evaluación de impacto.",
        "ja": ("各地点がアマゾン、自然保護区、孤立先住民の保護区にどれだけ近いかを示す"
               "一次スクリーニングです(環境影響評価ではありません)。"),
    },
    "env.sites": {"en": "Sites screened", "es": "Sitios evaluados", "ja": "評価地点数"},
    "env.count_high": {"en": "High sensitivity", "es": "Sensibilidad alta", "ja": "感度:高"},
    "env.count_medium": {"en": "Medium", "es": "Media", "ja": "中"},
    "env.count_low": {"en": "Low", "es": "Baja", "ja": "低"},
    "env.layer_classes": {"en": "Sites by sensitivity", "es": "Sitios por sensibilidad",
                          "ja": "地点(感度別)"},
    "env.classes": {"en": "Sensitivity class", "es": "Clase de sensibilidad", "ja": "感度区分"},
    "env.table": {"en": "Screening of every shown site", "es": "Cribado de cada sitio mostrado",
                  "ja": "表示中の全地点のスクリーニング"},
    "env.method": {"en": "Method and limits", "es": "Método y límites", "ja": "手法と限界"},
    "env.method_intro": {
        "en": "Distances are straight-line distances from the site's point to the nearest edge of "
              "each area (0 km when inside), measured in UTM zone 18S (error under 0.6 % across "
              "Peru). High: inside or within {near} km of a protected area or an indigenous "
              "reserve. Medium: in the Amazon layer or a buffer zone, or within {watch} km. Low: "
              "none of these. A site's own point may be kilometres from its pit (see its "
              "location precision), and the layers below are stand-ins with stated limits: read "
              "a class as a reason to look closer, not as a verdict.",
        "es": "Las distancias son en línea recta desde el punto del sitio hasta el borde más "
              "cercano de cada área (0 km si está dentro), medidas en UTM zona 18S (error menor "
              "al 0,6 % en el Perú). Alta: dentro o a menos de {near} km de un área protegida o "
              "una reserva indígena. Media: en la capa de la Amazonía o en una zona de "
              "amortiguamiento, o a menos de {watch} km. Baja: ninguna de las anteriores. El "
              "punto de un sitio puede estar a kilómetros de su tajo (vea su precisión), y las "
              "capas son sustitutos con límites declarados: lea la clase como un motivo para "
              "mirar de cerca, no como un veredicto.",
        "ja": ("距離は地点の座標から各区域の最も近い境界までの直線距離です(内側なら0 km)。"
               "UTM 18S帯で計測しており、ペルー全域で誤差は0.6%未満です。"
               "高:保護区または先住民保護区の内側か{near} km以内。"
               "中:アマゾン地域または緩衝地帯の内側、または{watch} km以内。"
               "低:いずれにも該当しない。"
               "地点の座標は採掘場所から数km離れている場合があり(位置精度を参照)、"
               "以下のレイヤーには明記された限界があります。"
               "区分は詳しく調べるきっかけであり、結論ではありません。"),
    },
    "env.version": {"en": "version in use: {version}", "es": "versión en uso: {version}",
                    "ja": "使用中の版:{version}"},
    "env.official": {"en": "official, fetched {date}", "es": "oficial, descargada el {date}",
                     "ja": "公式版({date}取得)"},
    "env.version_shipped": {"en": "shipped stand-in", "es": "sustituto incluido",
                            "ja": "同梱の代替版"},
    "env.version_none": {"en": "not available", "es": "no disponible", "ja": "利用不可"},
    "env.accuracy": {"en": "Accuracy", "es": "Exactitud", "ja": "精度"},
    "env.listed": {
        "en": "Listed with their official figures but not drawn (no published centre found)",
        "es": "Listadas con sus cifras oficiales pero no dibujadas (sin centro publicado)",
        "ja": "公式の数値は掲載、図形なし(中心点の公表なし)",
    },
    "env.yes": {"en": "yes", "es": "sí", "ja": "はい"},
    "env.no": {"en": "no", "es": "no", "ja": "いいえ"},
    "env.unknown": {"en": "not known", "es": "desconocido", "ja": "不明"},
    "col.sensitivity": {"en": "Sensitivity", "es": "Sensibilidad", "ja": "感度"},
    "col.in_amazon": {"en": "In the Amazon layer", "es": "En la Amazonía", "ja": "アマゾン域内"},
    "col.protected_area": {"en": "Nearest protected area", "es": "Área protegida más cercana",
                           "ja": "最寄りの保護区"},
    "col.protected_area_km": {"en": "km to protected area", "es": "km al área protegida",
                              "ja": "保護区までの距離(km)"},
    "col.in_buffer_zone": {"en": "In a buffer zone", "es": "En zona de amortiguamiento",
                           "ja": "緩衝地帯内"},
    "col.indigenous_reserve": {"en": "Nearest indigenous reserve",
                               "es": "Reserva indígena más cercana", "ja": "最寄りの先住民保護区"},
    "col.indigenous_reserve_km": {"en": "km to reserve", "es": "km a la reserva",
                                  "ja": "先住民保護区までの距離(km)"},
    "col.area_ha": {"en": "Area (ha)", "es": "Superficie (ha)", "ja": "面積(ha)"},
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
