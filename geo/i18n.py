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
        "en": "A numbered disc holds sites that overlap; its ring shows their minerals. "
              "Zoom in to separate them.",
        "es": "Un disco numerado reúne sitios superpuestos; su anillo muestra sus minerales. "
              "Acerque el mapa para separarlos.",
        "ja": "数字の円は重なり合う地点のまとまりで、外周の色が鉱種を示します。"
              "拡大すると分かれます。",
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
    "nav.home": {"en": "Home", "es": "Inicio", "ja": "ホーム"},
    "nav.present": {"en": "Presentation", "es": "Presentación", "ja": "プレゼンテーション"},
    "home.about_present": {"en": "A full-screen guided tour for the booth, with QR and take-aways.",
                           "es": "Un recorrido guiado a pantalla completa para el stand, con QR "
                                 "y material para llevar.",
                           "ja": "展示ブース向けの全画面ガイドツアー(QRコード・配布資料付き)。"},
    "tour.step": {"en": "Stop {n} of {of}", "es": "Parada {n} de {of}", "ja": "{of}件中{n}件目"},
    "tour.prev": {"en": "Back", "es": "Anterior", "ja": "前へ"},
    "tour.next": {"en": "Next", "es": "Siguiente", "ja": "次へ"},
    "tour.autoplay": {"en": "Play automatically", "es": "Reproducir automáticamente",
                      "ja": "自動再生"},
    "tour.every": {"en": "Seconds per stop", "es": "Segundos por parada", "ja": "1件あたりの秒数"},
    "tour.share": {"en": "Share this view", "es": "Compartir esta vista",
                   "ja": "この画面を共有"},
    "tour.scan": {"en": "Scan to open this view on your phone",
                  "es": "Escanee para abrir esta vista en su teléfono",
                  "ja": "スマートフォンで読み取るとこの画面が開きます"},
    "tour.html": {"en": "Take-away map (HTML, works offline)",
                  "es": "Mapa para llevar (HTML, sin internet)",
                  "ja": "持ち帰り用地図(HTML・オフライン可)"},
    "tour.pdf": {"en": "One-page site sheet (PDF)", "es": "Ficha del sitio (PDF)",
                 "ja": "地点概要シート(PDF)"},
    "tour.overview": {"en": "{n} sites on the map; {jp} with a Japanese link.",
                      "es": "{n} sitios en el mapa; {jp} con vínculo japonés.",
                      "ja": "地図上の{n}地点のうち、日本企業が関与するのは{jp}地点。"},
    "error.bad_filters": {"en": "Some filters in this link are unknown and were ignored: {what}",
                          "es": "Algunos filtros de este enlace no existen y se ignoraron: {what}",
                          "ja": "リンク中の一部の絞り込み条件は存在しないため無視しました:"
                                "{what}"},
    "tour.bad_link": {"en": "Part of this link was not understood and was ignored: {what}",
                      "es": "Parte de este enlace no se entendió y se ignoró: {what}",
                      "ja": "リンクの一部を解釈できなかったため無視しました:{what}"},
    "nav.downloads": {"en": "Downloads", "es": "Descargas", "ja": "ダウンロード"},
    "home.about_downloads": {
        "en": "Every layer, whole or filtered, as GeoJSON, GeoPackage, KML and CSV.",
        "es": "Cada capa, completa o filtrada, en GeoJSON, GeoPackage, KML y CSV.",
        "ja": "全レイヤーを(全体または絞り込み後)GeoJSON・GeoPackage・KML・CSVで。"},
    "dl.title": {"en": "Downloads", "es": "Descargas", "ja": "ダウンロード"},
    "dl.intro": {
        "en": "Every layer with its source, licence and date. GeoJSON follows RFC 7946 (WGS84 "
              "lon/lat, provenance in a top-level 'metadata' member); the same data always "
              "gives the same file.",
        "es": "Cada capa con su fuente, licencia y fecha. El GeoJSON sigue la RFC 7946 (WGS84 "
              "lon/lat, procedencia en un miembro 'metadata'); los mismos datos dan siempre el "
              "mismo archivo.",
        "ja": ("各レイヤーを出典・ライセンス・日付付きで提供します。GeoJSONはRFC 7946準拠"
               "(WGS84経緯度、出所はトップレベルの'metadata'に記載)。同じデータからは常に同じ"
               "ファイルが生成されます。"),
    },
    "dl.bundle": {"en": "Everything (zip, with README)", "es": "Todo (zip, con README)",
                  "ja": "一括(zip・README付き)"},
    "dl.gpkg_all": {"en": "All layers in one GeoPackage", "es": "Todas las capas en un GeoPackage",
                    "ja": "全レイヤー(GeoPackage 1ファイル)"},
    "dl.meta": {"en": "{n} features · as of {as_of} · {source} · {licence}",
                "es": "{n} elementos · al {as_of} · {source} · {licence}",
                "ja": "{n}件 · {as_of}時点 · {source} · {licence}"},
    "dl.view": {"en": "What you see", "es": "Lo que usted ve", "ja": "表示中のデータ"},
    "dl.view_title": {"en": "Sites matching the sidebar filters ({n})",
                      "es": "Sitios que cumplen los filtros ({n})",
                      "ja": "サイドバーの条件に合う地点({n})"},
    "dl.layers": {"en": "Layers", "es": "Capas", "ja": "レイヤー"},
    "dl.layer_sites": {"en": "Mines, projects, deposits and plants",
                       "es": "Minas, proyectos, yacimientos y plantas",
                       "ja": "鉱山・プロジェクト・鉱床・製錬所"},
    "dl.layer_site_owners": {"en": "Sites with their owners and partners (one row per stake)",
                             "es": "Sitios con sus propietarios y socios (una fila por "
                                   "participación)",
                             "ja": "地点と権益保有者・パートナー(権益ごとに1行)"},
    "dl.layer_japan_sites": {"en": "Sites with a Japanese link",
                             "es": "Sitios con vínculo japonés", "ja": "日本企業が関与する地点"},
    "dl.layer_screening": {"en": "Environmental screening of every site",
                           "es": "Cribado ambiental de cada sitio",
                           "ja": "全地点の環境スクリーニング"},
    "dl.format_note": {
        "en": "CSV: lon/lat columns for points, WKT for areas. KML opens in Google Earth. Lists "
              "inside a cell are ';'-separated.",
        "es": "CSV: columnas lon/lat para puntos, WKT para áreas. El KML abre en Google Earth. "
              "Las listas dentro de una celda van separadas por ';'.",
        "ja": ("CSV:点は経度・緯度列、面はWKT。KMLはGoogle Earthで開けます。"
               "セル内のリストは';'区切り。"),
    },
    "map.download": {"en": "Download what I see (GeoJSON)",
                     "es": "Descargar lo que veo (GeoJSON)",
                     "ja": "表示中の地点をダウンロード(GeoJSON)"},
    "nav.stakeholders": {"en": "Japan in Peru", "es": "Japón en el Perú", "ja": "ペルーの日本企業"},
    "nav.network": {"en": "Partners", "es": "Socios", "ja": "パートナー"},
    "nav.trade": {"en": "Exports", "es": "Exportaciones", "ja": "輸出"},
    "nav.timeline": {"en": "Timeline", "es": "Cronología", "ja": "年表"},
    "home.intro": {
        "en": "Peru's mines and deposits, who holds them, and Japan's part in them — every "
              "figure below is counted from the sourced tables behind this atlas.",
        "es": "Las minas y yacimientos del Perú, quién los posee y el papel de Japón: cada cifra "
              "de abajo se cuenta a partir de las tablas con fuente de este atlas.",
        "ja": "ペルーの鉱山・鉱床、その権益保有者、そして日本企業の関与。以下の数字はすべて、"
              "この地図の出典付きデータから集計しています。",
    },
    "home.sites": {"en": "Sites mapped", "es": "Sitios en el mapa", "ja": "掲載地点"},
    "home.japan_sites": {"en": "Sites with a Japanese link", "es": "Sitios con vínculo japonés",
                         "ja": "日本企業が関与する地点"},
    "home.companies": {"en": "Companies", "es": "Empresas", "ja": "企業"},
    "home.japanese_companies": {"en": "{n} of them Japanese", "es": "{n} de ellas japonesas",
                                "ja": "うち日本企業{n}社"},
    "home.portfolio": {"en": "Portfolio shown in Tokyo", "es": "Cartera presentada en Tokio",
                       "ja": "東京で紹介された投資案件"},
    "home.portfolio_note": {
        "en": "Investment portfolio President Boluarte presented at the XVI Peru–Japan Business "
              "Council (CEPEJA), Tokyo, August 2025 — all sectors, not only mining.",
        "es": "Cartera de inversión que la presidenta Boluarte presentó en el XVI Consejo "
              "Empresarial Peruano-Japonés (CEPEJA), Tokio, agosto de 2025: todos los sectores, "
              "no solo minería.",
        "ja": "2025年8月、東京での第16回日本ペルー経済協議会でボルアルテ大統領が紹介した投資案件"
              "(鉱業に限らず全分野)。",
    },
    "home.sources": {"en": "{n} distinct sources cited", "es": "{n} fuentes distintas citadas",
                     "ja": "引用した出典:{n}件"},
    "home.pages": {"en": "Explore", "es": "Explorar", "ja": "ページ一覧"},
    "home.about_map": {"en": "Every site on the map, with filters, owners and sources.",
                       "es": "Todos los sitios en el mapa, con filtros, propietarios y fuentes.",
                       "ja": "全地点の地図。絞り込み、権益保有者、出典付き。"},
    "home.about_stakeholders": {
        "en": "A Japanese company's profile, its Peruvian portfolio and attributable output.",
        "es": "El perfil de una empresa japonesa, su cartera peruana y su producción atribuible.",
        "ja": "日本企業のプロフィール、ペルーでの保有資産、持分相当の生産量。"},
    "home.about_network": {"en": "Who sits beside whom at each site.",
                           "es": "Quién está junto a quién en cada sitio.",
                           "ja": "各地点で誰と誰が組んでいるか。"},
    "home.about_trade": {"en": "Where Peru's copper, tin, lead, zinc and gold go.",
                         "es": "A dónde va el cobre, estaño, plomo, zinc y oro del Perú.",
                         "ja": "ペルー産の銅・スズ・鉛・亜鉛・金の輸出先。"},
    "home.about_timeline": {"en": "The partnership since 1873, milestone by milestone.",
                            "es": "La asociación desde 1873, hito por hito.",
                            "ja": "1873年からの日ペルー関係の歩み。"},
    "home.about_environment": {
        "en": "How close each site sits to the Amazon, protected areas and indigenous reserves.",
        "es": "Qué tan cerca está cada sitio de la Amazonía, áreas protegidas y reservas "
              "indígenas.",
        "ja": "各地点とアマゾン・保護区・先住民保護区との近さ。"},
    "home.about_data": {"en": "The tables behind every figure, each row with its source.",
                        "es": "Las tablas detrás de cada cifra, cada fila con su fuente.",
                        "ja": "すべての数字の元データ。各行に出典付き。"},
    "stake.title": {"en": "Japan in Peru", "es": "Japón en el Perú", "ja": "ペルーの日本企業"},
    "stake.intro": {
        "en": "Pick a Japanese company, or all of them: its profile, its Peruvian sites and the "
              "output its equity share stands for.",
        "es": "Elija una empresa japonesa, o todas: su perfil, sus sitios en el Perú y la "
              "producción que corresponde a su participación.",
        "ja": "日本企業(または全社)を選ぶと、プロフィール、ペルーでの地点、持分相当の生産量を表示"
              "します。",
    },
    "stake.company": {"en": "Company", "es": "Empresa", "ja": "企業"},
    "stake.all": {"en": "All Japanese companies", "es": "Todas las empresas japonesas",
                  "ja": "日本企業すべて"},
    "stake.hq_source": {"en": "Headquarters source", "es": "Fuente de la sede",
                        "ja": "本社所在地の出典"},
    "stake.hq_unknown": {"en": "not found in a source we read",
                         "es": "no hallada en las fuentes leídas", "ja": "出典で確認できず"},
    "stake.portfolio": {"en": "Portfolio in Peru: {n} sites",
                        "es": "Cartera en el Perú: {n} sitios",
                        "ja": "ペルーでの保有・関与:{n}地点"},
    "stake.none": {"en": "No sourced Peruvian asset for this company.",
                   "es": "Ningún activo peruano con fuente para esta empresa.",
                   "ja": "出典のあるペルー資産はありません。"},
    "stake.attributable": {"en": "Attributable output", "es": "Producción atribuible",
                           "ja": "持分相当の生産量"},
    "stake.attributable_note": {
        "en": "Equity share × the site's latest sourced annual output, added up per mineral; "
              "only where both are published. Years may differ between sites.",
        "es": "Participación × la última producción anual con fuente del sitio, sumada por "
              "mineral; solo donde ambas están publicadas. Los años pueden diferir.",
        "ja": "出資比率×各地点の出典のある最新年間生産量を鉱種ごとに合計(両方が公表されている場合の"
              "み)。年は地点により異なります。",
    },
    "stake.no_attribution": {"en": "No stake here has both a published share and output.",
                             "es": "Ninguna participación tiene a la vez porcentaje y producción "
                                   "publicados.",
                             "ja": "出資比率と生産量の両方が公表されている権益はありません。"},
    "stake.gaps": {
        "en": "Not counted: {no_share} stakes without a published share, {no_production} at "
              "sites without sourced output ({sites}).",
        "es": "No contados: {no_share} participaciones sin porcentaje publicado, "
              "{no_production} en sitios sin producción con fuente ({sites}).",
        "ja": "集計対象外:出資比率未公表の権益{no_share}件、生産量の出典がない地点の権益"
              "{no_production}件({sites})。",
    },
    "stake.sites_counted": {"en": "Sites counted", "es": "Sitios contados", "ja": "集計地点数"},
    "net.title": {"en": "Partners", "es": "Socios", "ja": "パートナー"},
    "net.intro": {
        "en": "Companies (boxes; Japanese ones in red) and the sites they share (ovals); a line "
              "is a stake, dashed when it is not equity.",
        "es": "Empresas (recuadros; las japonesas en rojo) y los sitios que comparten (óvalos); "
              "cada línea es una participación, punteada si no es de capital.",
        "ja": "企業(四角、日本企業は赤)と共有する地点(楕円)。線は権益を示し、出資以外は点線です。",
    },
    "net.roles": {"en": "Role", "es": "Rol", "ja": "役割"},
    "net.partners": {"en": "Show the partners beside them", "es": "Mostrar a sus socios",
                     "ja": "同じ地点のパートナーも表示"},
    "net.counts": {"en": "{companies} companies, {sites} sites, {links} links",
                   "es": "{companies} empresas, {sites} sitios, {links} vínculos",
                   "ja": "企業{companies}社、地点{sites}か所、関係{links}件"},
    "net.none": {"en": "No stake matches these filters.",
                 "es": "Ninguna participación coincide con estos filtros.",
                 "ja": "条件に合う権益はありません。"},
    "net.legend": {"en": "Percentages are equity shares as published; blank where not published.",
                   "es": "Los porcentajes son participaciones publicadas; vacío si no se publicó.",
                   "ja": "%は公表された出資比率。未公表の場合は空欄。"},
    "trade.title": {"en": "Where Peru's minerals go", "es": "A dónde van los minerales del Perú",
                    "ja": "ペルー産鉱物の輸出先"},
    "trade.intro": {
        "en": "Export destinations per mineral, one chart per published series (period, basis "
              "and source as stated); Japan in red.",
        "es": "Destinos de exportación por mineral, un gráfico por serie publicada (periodo, base "
              "y fuente tal como se indican); Japón en rojo.",
        "ja": "鉱種別の輸出先。公表された系列(期間・基準・出典)ごとにグラフを表示し、日本は赤で"
              "示します。",
    },
    "trade.japan_rank": {"en": "Japan ranks #{rank} in this series.",
                         "es": "Japón ocupa el puesto {rank} en esta serie.",
                         "ja": "この系列で日本は第{rank}位。"},
    "trade.japan_absent": {"en": "Japan is not among the destinations this series lists.",
                           "es": "Japón no figura entre los destinos de esta serie.",
                           "ja": "この系列の輸出先に日本は含まれていません。"},
    "trade.flows": {"en": "Flows from Peru", "es": "Flujos desde el Perú",
                    "ja": "ペルーからの流れ"},
    "trade.series": {"en": "Series", "es": "Serie", "ja": "系列"},
    "trade.origin": {"en": "Callao (Peru)", "es": "Callao (Perú)", "ja": "カヤオ(ペルー)"},
    "trade.flows_note": {
        "en": "Lines start at Callao, Peru's main port; the sources do not say which port ships "
              "to which country. Line width follows the figure.",
        "es": "Las líneas parten del Callao, el principal puerto del Perú; las fuentes no dicen "
              "qué puerto embarca hacia cada país. El grosor sigue la cifra.",
        "ja": "線はペルー最大の港カヤオを起点にしています(どの港からどの国へ出荷されたかは出典に"
              "ありません)。線の太さは数値に比例します。",
    },
    "trade.port_source": {"en": "Port location", "es": "Ubicación del puerto", "ja": "港の位置"},
    "time.title": {"en": "The partnership, step by step", "es": "La asociación, paso a paso",
                   "ja": "日ペルー協力の歩み"},
    "time.intro": {"en": "Newest first; each milestone with its source.",
                   "es": "Lo más reciente primero; cada hito con su fuente.",
                   "ja": "新しい順。各項目に出典付き。"},
    "time.amount": {"en": "US$ {musd} M", "es": "US$ {musd} millones", "ja": "{musd}百万米ドル"},
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
    "env.official_layers": {"en": "Official layers (fetched)",
                            "es": "Capas oficiales (descargadas)", "ja": "公式レイヤー(取得済み)"},
    "env.official_layers_pick": {"en": "Show on the map…", "es": "Mostrar en el mapa…",
                                 "ja": "地図に表示…"},
    "refresh.offline": {
        "en": "Offline: the official layers could not be fetched; the shipped layers are in use.",
        "es": "Sin conexión: no se pudieron descargar las capas oficiales; se usan las incluidas.",
        "ja": "オフラインのため公式レイヤーを取得できません。同梱レイヤーを使用しています。"},
    "refresh.running": {
        "en": "Fetching the official layers in the background ({progress}).",
        "es": "Descargando las capas oficiales en segundo plano ({progress}).",
        "ja": "公式レイヤーをバックグラウンドで取得中です({progress})。"},
    "refresh.done": {
        "en": "Official layers updated ({count}); they appear on the next click.",
        "es": "Capas oficiales actualizadas ({count}); aparecen con el próximo clic.",
        "ja": "公式レイヤーを更新しました({count}件)。次の操作から表示されます。"},
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
    "col.native_community": {"en": "Nearest native community",
                             "es": "Comunidad nativa más cercana",
                             "ja": "最寄りの先住民コミュニティ"},
    "col.native_community_km": {"en": "km to community", "es": "km a la comunidad",
                                "ja": "先住民コミュニティまでの距離(km)"},
    "col.liabilities_nearby": {"en": "Mine liabilities within 5 km",
                               "es": "Pasivos mineros a menos de 5 km",
                               "ja": "5 km以内の鉱山環境負債"},
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
    "xc.title": {"en": "Checked against INGEMMET's mines and deposits",
                 "es": "Contraste con las minas y yacimientos de INGEMMET",
                 "ja": "INGEMMETの鉱山・鉱床との照合"},
    "xc.intro": {"en": "Each site's nearest official record, its distance and whether the "
                       "names agree; {n} sites need a look.",
                 "es": "El registro oficial más cercano a cada sitio, su distancia y si los "
                       "nombres coinciden; {n} sitios requieren revisión.",
                 "ja": "各サイトに最も近い公式記録、その距離、名称の一致を示します。"
                       "要確認は{n}件です。"},
    "xc.none_near": {"en": "no official record near", "es": "ningún registro oficial cerca",
                     "ja": "近くに公式記録なし"},
    "xc.other_name": {"en": "nearest record has another name",
                      "es": "el registro más cercano tiene otro nombre",
                      "ja": "最寄りの記録は別名"},
    "xc.farther": {"en": "same name, farther than our precision",
                   "es": "mismo nombre, más lejos que nuestra precisión",
                   "ja": "同名だが当方の精度より遠い"},
    "col.official_name": {"en": "INGEMMET record", "es": "Registro de INGEMMET",
                          "ja": "INGEMMETの記録"},
    "col.official_km": {"en": "km", "es": "km", "ja": "距離(km)"},
    "col.review": {"en": "To review", "es": "A revisar", "ja": "要確認"},
    "site.rights": {"en": "Mining rights nearby (INGEMMET cadastre)",
                    "es": "Derechos mineros cercanos (catastro de INGEMMET)",
                    "ja": "周辺の鉱業権(INGEMMET鉱区台帳)"},
    "site.rights_within": {"en": "Within", "es": "A menos de", "ja": "範囲"},
    "site.rights_none": {"en": "No mining right within {km} km.",
                         "es": "Ningún derecho minero a menos de {km} km.",
                         "ja": "{km} km以内に鉱業権はありません。"},
    "site.rights_summary": {"en": "Rights within {km} km: {rights} · holders: {holders}",
                            "es": "Derechos a menos de {km} km: {rights} · titulares: {holders}",
                            "ja": "{km} km以内に{holders}者が保有する{rights}件の鉱業権。"},
    "col.rights_holder": {"en": "Holder", "es": "Titular", "ja": "権利者"},
    "col.rights_rights": {"en": "Rights", "es": "Derechos", "ja": "件数"},
    "col.rights_hectares": {"en": "Hectares", "es": "Hectáreas", "ja": "面積(ha)"},
    "col.rights_nearest_km": {"en": "Nearest (km)", "es": "Más cercano (km)",
                              "ja": "最短距離(km)"},
    "site.portfolio": {"en": "MINEM 2025 investment portfolio",
                       "es": "Cartera de Proyectos de Inversión Minera 2025 (MINEM)",
                       "ja": "MINEM 鉱業投資プロジェクト・ポートフォリオ2025"},
    "data.portfolio": {"en": "MINEM 2025 portfolio", "es": "Cartera MINEM 2025",
                       "ja": "MINEMポートフォリオ2025"},
    "col.project": {"en": "Project", "es": "Proyecto", "ja": "プロジェクト"},
    "col.portfolio_stage": {"en": "Stage (MINEM)", "es": "Etapa (MINEM)", "ja": "段階(MINEM)"},
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
    "upload.title": {"en": "Add your own layer", "es": "Añadir una capa propia",
                     "ja": "独自レイヤーを追加"},
    "upload.help": {
        "en": "GeoJSON, KML, CSV with lon/lat, GeoPackage, zipped Shapefile, GeoParquet or "
              "FlatGeobuf, up to {max} MB and {features} features. Only what lies in Peru's "
              "box is read; the file stays in this session and is not stored.",
        "es": "GeoJSON, KML, CSV con lon/lat, GeoPackage, Shapefile comprimido (zip), "
              "GeoParquet o FlatGeobuf, hasta {max} MB y {features} entidades. Solo se lee lo "
              "que cae en el recuadro del Perú; el archivo queda en esta sesión y no se guarda.",
        "ja": "GeoJSON、KML、経緯度列付きCSV、GeoPackage、ZIP圧縮したシェープファイル、"
              "GeoParquet、FlatGeobuf(最大{max} MB・{features}地物)。"
              "ペルーの範囲内の地物のみ読み込みます。"
              "ファイルはこのセッション内だけで使われ、保存されません。",
    },
    "upload.file": {"en": "Layer file", "es": "Archivo de la capa", "ja": "レイヤーファイル"},
    "upload.layer_name": {"en": "Your layer: {name}", "es": "Su capa: {name}",
                          "ja": "独自レイヤー:{name}"},
    "upload.loaded": {
        "en": "{name} ({format}, {crs}): {n} features drawn of {in_file} in the file — {outside} "
              "outside Peru, {empty} without geometry, {repaired} repaired. Label: {label}. "
              "Shapes drawn to ±{metres} m; the screening uses the full geometry.",
        "es": "{name} ({format}, {crs}): {n} entidades dibujadas de {in_file} en el archivo — "
              "{outside} fuera del Perú, {empty} sin geometría, {repaired} reparadas. Etiqueta: "
              "{label}. Formas dibujadas a ±{metres} m; el cribado usa la geometría completa.",
        "ja": "{name}({format}、{crs}):ファイル内{in_file}件のうち{n}件を描画 — "
              "ペルー範囲外{outside}件、ジオメトリなし{empty}件、修復{repaired}件。"
              "ラベル列:{label}。描画の精度は±{metres} m、スクリーニングは元のジオメトリを使用。",
    },
    "upload.no_label": {"en": "none", "es": "ninguna", "ja": "なし"},
    "upload.bad_type": {
        "en": "Files of type “{suffix}” cannot be read. Use one of: {allowed}.",
        "es": "No se pueden leer archivos de tipo «{suffix}». Use uno de: {allowed}.",
        "ja": "「{suffix}」形式は読み込めません。次のいずれかを使用してください:{allowed}。",
    },
    "upload.too_big": {
        "en": "The file has {mb} MB; the limit is {max} MB.",
        "es": "El archivo tiene {mb} MB; el límite es {max} MB.",
        "ja": "ファイルサイズは{mb} MBです。上限は{max} MBです。",
    },
    "upload.empty_file": {"en": "The file is empty.", "es": "El archivo está vacío.",
                          "ja": "ファイルが空です。"},
    "upload.unreadable": {
        "en": "The file could not be read as a map layer ({detail}). Nothing was changed.",
        "es": "No se pudo leer el archivo como capa ({detail}). No se cambió nada.",
        "ja": "地図レイヤーとして読み込めませんでした({detail})。何も変更されていません。",
    },
    "upload.no_shapefile": {
        "en": "The zip holds no .shp file. Zip the .shp with its .shx, .dbf and .prj.",
        "es": "El zip no contiene ningún .shp. Comprima el .shp con sus .shx, .dbf y .prj.",
        "ja": "ZIPに.shpファイルがありません。.shpを.shx・.dbf・.prjと一緒に圧縮してください。",
    },
    "upload.no_crs": {
        "en": "The layer has no coordinate reference system (for a Shapefile: no .prj), so it "
              "cannot be placed on the map.",
        "es": "La capa no tiene sistema de referencia de coordenadas (en un Shapefile: falta el "
              ".prj); no se puede ubicar en el mapa.",
        "ja": "座標参照系がありません(シェープファイルの場合は.prjがありません)。"
              "地図上に配置できません。",
    },
    "upload.no_geometry": {
        "en": "The file holds no layer with geometry.",
        "es": "El archivo no contiene ninguna capa con geometría.",
        "ja": "ジオメトリを持つレイヤーがありません。",
    },
    "upload.too_many": {
        "en": "The layer has {n} features; the limit is {max}. Clip it to your area first.",
        "es": "La capa tiene {n} entidades; el límite es {max}. Recórtela antes a su zona.",
        "ja": "地物数が{n}件あります。上限は{max}件です。対象地域で切り出してください。",
    },
    "upload.zip_bomb": {
        "en": "The zip would unpack to {mb} MB or more than 200× its size; refused.",
        "es": "El zip se descomprimiría a {mb} MB o a más de 200 veces su tamaño; rechazado.",
        "ja": "ZIPの展開後サイズが{mb} MB、または圧縮前の200倍を超えるため拒否しました。",
    },
    "upload.csv_columns": {
        "en": "A CSV needs a longitude and a latitude column (lon/lng/longitude/x and "
              "lat/latitude/y). Found: {columns}.",
        "es": "Un CSV necesita una columna de longitud y otra de latitud (lon/lng/longitud/x y "
              "lat/latitud/y). Columnas encontradas: {columns}.",
        "ja": "CSVには経度列と緯度列(lon/lng/longitude/x と lat/latitude/y)が必要です。"
              "見つかった列:{columns}。",
    },
    "upload.csv_no_points": {
        "en": "None of the CSV's {n} rows has a usable longitude and latitude in degrees.",
        "es": "Ninguna de las {n} filas del CSV tiene longitud y latitud válidas en grados.",
        "ja": "CSVの{n}行のいずれにも、度単位の有効な経度・緯度がありません。",
    },
    "upload.crs_assumed": {
        "en": "The file states no coordinate system; its coordinates are lon/lat degrees, so "
              "WGS84 is assumed.",
        "es": "El archivo no indica sistema de coordenadas; sus coordenadas son grados de "
              "lon/lat, así que se asume WGS84.",
        "ja": "ファイルに座標系の記載がありません。"
              "座標が経緯度(度)の範囲にあるためWGS84とみなしました。",
    },
    "upload.bad_rows": {
        "en": "Rows without a usable lon/lat were skipped (lines {lines}).",
        "es": "Se omitieron filas sin lon/lat válidas (líneas {lines}).",
        "ja": "有効な経緯度のない行をスキップしました(行番号 {lines})。",
    },
    "upload.screened": {"en": "Your layer, screened", "es": "Su capa, evaluada",
                        "ja": "独自レイヤーのスクリーニング"},
    "upload.screened_note": {
        "en": "One row per feature, most sensitive first (the table shows the first {shown} of "
              "{n}; the download has all). Distances are from the feature's edge and never more "
              "than the true one: 0 when it touches an area.",
        "es": "Una fila por entidad, las más sensibles primero (la tabla muestra las primeras "
              "{shown} de {n}; la descarga las trae todas). Las distancias se miden desde el "
              "borde de la entidad y nunca superan la real: 0 si toca un área.",
        "ja": "地物ごとに1行、感度の高い順(表は{n}件中の先頭{shown}件、ダウンロードには全件)。"
              "距離は地物の縁からで、実際の距離を超えません(区域に接していれば0)。",
    },
    "upload.download": {"en": "Download your layer with the screening (GeoJSON)",
                        "es": "Descargar su capa con el cribado (GeoJSON)",
                        "ja": "スクリーニング結果付きで独自レイヤーをダウンロード(GeoJSON)"},
    "col.feature": {"en": "Feature", "es": "Entidad", "ja": "地物"},
    "col.nearest_site": {"en": "Nearest site", "es": "Sitio más cercano", "ja": "最寄りの地点"},
    "col.site_km": {"en": "Site (km)", "es": "Sitio (km)", "ja": "地点まで(km)"},
    "upload.no_features": {"en": "The layer has no features.", "es": "La capa no tiene "
                           "entidades.", "ja": "レイヤーに地物がありません。"},
    "upload.nothing_in_peru": {
        "en": "None of the file's {n} features lies in Peru (check its coordinate system).",
        "es": "Ninguna de las {n} entidades del archivo cae en el Perú (revise su sistema de "
              "coordenadas).",
        "ja": "ファイル内の{n}件の地物はいずれもペルー国内にありません(座標系を確認してください)。",
    },
    "col.in_user_layer": {"en": "Inside your layer", "es": "Dentro de su capa",
                          "ja": "独自レイヤー内"},
    "col.user_feature": {"en": "Nearest feature of your layer", "es": "Entidad más cercana de "
                         "su capa", "ja": "最寄りの独自レイヤー地物"},
    "col.user_km": {"en": "Your layer (km)", "es": "Su capa (km)", "ja": "独自レイヤーまで(km)"},
    # map-first layouts and search
    "card.nearest_area": {"en": "{name}, {km} km", "es": "{name}, a {km} km",
                          "ja": "{name}まで{km} km"},
    "search.label": {"en": "Find a site or company", "es": "Buscar un sitio o una empresa",
                     "ja": "地点・企業を検索"},
    "search.placeholder": {"en": "e.g. Yanacocha, Bayóvar, Mitsubishi",
                           "es": "p. ej. Yanacocha, Bayóvar, Mitsubishi",
                           "ja": "例:Yanacocha、Bayóvar、三菱"},
    "search.none": {"en": "Nothing matches “{q}”.", "es": "Nada coincide con «{q}».",
                    "ja": "「{q}」に一致するものはありません。"},
    "search.company_sites": {"en": "{n} sites", "es": "{n} sitios", "ja": "{n}か所"},
    "tour.back_to_stop": {"en": "Back to the tour", "es": "Volver al recorrido",
                          "ja": "ツアーに戻る"},
    # honest shapes: environmental layers drawn from an area and a centre, not an outline
    "env.approximate": {
        "en": "approximate extent — official outline when refreshed",
        "es": "extensión aproximada — límite oficial al actualizar",
        "ja": "おおよその範囲 — 更新時に公式の境界を表示",
    },
    # base map
    "base.attribution": {
        "en": "Base map: {sources}",
        "es": "Mapa base: {sources}",
        "ja": "基図:{sources}",
    },
    # a text mark, not the 🇯🇵 emoji: a booth's Debian Chromium without an emoji font drew tofu
    "owner.japan_mark": {"en": " (Japan)", "es": " (Japón)", "ja": "(日本)"},
    # data-quality report (geo/quality.py)
    "data.quality": {"en": "Quality", "es": "Calidad", "ja": "品質"},
    "data.quality_intro": {
        "en": "How precise, confident, recent and complete each site's facts are, the sites that "
              "most need work first. The same report is in data/QUALITY.md.",
        "es": "Qué tan precisos, confiables, recientes y completos son los datos de cada sitio; "
              "primero los que más trabajo necesitan. El mismo informe está en data/QUALITY.md.",
        "ja": "各地点の情報の精度・確度・新しさ・網羅性。改善が最も必要な地点から順に表示します。"
              "同じ内容を data/QUALITY.md にも出力しています。",
    },
    "data.quality_counts": {
        "en": "Location: {p3} within 3 km, {p10} within 10 km, {pfar} worse. Ownership: "
              "{complete} complete, {partial} partial, {noshares} without published shares. "
              "Output: {output} sites with a figure.",
        "es": "Ubicación: {p3} a menos de 3 km, {p10} a menos de 10 km, {pfar} peor. "
              "Propiedad: {complete} completa, {partial} parcial, {noshares} sin participaciones "
              "publicadas. Producción: {output} sitios con una cifra.",
        "ja": "位置:3 km以内 {p3}、10 km以内 {p10}、それ以上 {pfar}。権益:完全 {complete}、"
              "一部 {partial}、持分非公表 {noshares}。生産量:数値のある地点 {output}。",
    },
    "col.precision_class": {"en": "Location", "es": "Ubicación", "ja": "位置精度"},
    "col.newest_source": {"en": "Years since newest source", "es": "Años desde la fuente "
                          "más reciente", "ja": "最新出典からの年数"},
    "col.ownership": {"en": "Ownership", "es": "Propiedad", "ja": "権益情報"},
    "col.output": {"en": "Output", "es": "Producción", "ja": "生産量"},
    "col.needs_work": {"en": "Needs work", "es": "Requiere trabajo", "ja": "要改善度"},
    "quality.complete": {"en": "complete", "es": "completa", "ja": "完全"},
    "quality.partial": {"en": "partial", "es": "parcial", "ja": "一部"},
    "quality.no shares": {"en": "no shares", "es": "sin participaciones", "ja": "持分非公表"},
    "quality.no owners": {"en": "no owners", "es": "sin titulares", "ja": "保有者不明"},
    "quality.unknown": {"en": "unknown", "es": "desconocida", "ja": "不明"},
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
