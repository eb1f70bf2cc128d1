"""The loader accepts the reviewed data and names file, line and column of every problem."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.load import DataError, load_atlas


def problems_of(data_dir) -> list[str]:
    with pytest.raises(DataError) as info:
        load_atlas(data_dir)
    return [str(p) for p in info.value.problems]


def test_mini_dataset_loads_with_derived_columns(mini_atlas):
    sites = mini_atlas.sites.set_index("id")
    assert len(sites) == 6
    assert sites.at["alpha", "minerals"] == ("Cu", "Mo", "Ag")
    assert sites.at["alpha", "primary_mineral"] == "Cu"
    assert sites.at["bravo", "japanese_company_ids"] == ("kaisha_smelting",)
    assert not sites.at["charlie", "japan_linked"]
    assert mini_atlas.sites.crs.to_epsg() == 4326
    assert sites.at["alpha", "geometry"].x == pytest.approx(-70.6)
    assert mini_atlas.stakes["share_pct"].notna().sum() == 6


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("sites.csv", "bravo,Bravo", "alpha,Bravo",
         "sites.csv, line 3, column 'id': duplicate id 'alpha' (first on line 2)"),
        ("sites.csv", "bravo,Bravo", "Bravo X,Bravo",
         "sites.csv, line 3, column 'id': 'Bravo X' is not a lowercase snake_case id"),
        ("stakes.csv", "alpha,global_miner", "alpah,global_miner",
         "stakes.csv, line 2, column 'site_id': unknown site 'alpah'"),
        ("stakes.csv", "charlie,global_miner", "charlie,global_minner",
         "stakes.csv, line 6, column 'company_id': unknown company 'global_minner'"),
        ("sites.csv", "-17.1,-70.6", "-70.6,-17.1",
         "sites.csv, line 2, column 'lat': (-70.6000, -17.1000) lies outside Peru"),
        ("sites.csv", "-9.5,-77.0", "9.5,-77.0",
         "sites.csv, line 3, column 'lat': (9.5000, -77.0000) lies outside Peru"),
        # La Paz, Bolivia: inside the frame, outside Peru
        ("sites.csv", "-14.0,-70.4", "-16.5,-68.15",
         "sites.csv, line 5, column 'lat': (-16.5000, -68.1500) lies outside Peru"),
        ("sites.csv", "Cu;Mo;Ag", "Cu;Xx;Ag",
         "sites.csv, line 2, column 'minerals': unknown mineral symbol(s) 'Xx'"),
        ("sites.csv", "Cu;Mo;Ag", "Cu;Mo;Cu",
         "sites.csv, line 2, column 'minerals': a mineral is listed twice"),
        ("sites.csv", "mine,operating,Cu", "mine,producing,Cu",
         "sites.csv, line 2, column 'status': unknown status 'producing'"),
        ("sites.csv", "Cajamarca,", "Cajamarka,",
         "sites.csv, line 4, column 'department': unknown department 'Cajamarka'"),
        ("sites.csv", ",https://example.org/bravo,", ",,",
         "sites.csv, line 3, column 'source_url': value is required"),
        ("sites.csv", "https://example.org/bravo", "example.org/bravo",
         "sites.csv, line 3, column 'source_url': 'example.org/bravo' is not an http(s) URL"),
        ("sites.csv", "2023-06-30", "30/06/2023",
         "sites.csv, line 4, column 'as_of': '30/06/2023' is not a date"),
        ("sites.csv", ",-6.9,", ",south,",
         "sites.csv, line 4, column 'lat': 'south' is not a number"),
        ("stakes.csv", "alpha,nihon_trading,equity,40", "alpha,nihon_trading,equity,45",
         "stakes.csv, line 3, column 'share_pct': equity at 'alpha' adds up to 105% (over 100%)"),
        ("stakes.csv", "kaisha_smelting,offtake,,", "kaisha_smelting,offtake,5,",
         "stakes.csv, line 5, column 'share_pct': a share is only meaningful for the equity role"),
        ("stakes.csv", "alpha,nihon_trading,equity,40", "alpha,global_miner,equity,40",
         "stakes.csv, line 3, column 'company_id': the same company, site and role appear twice"),
        ("stakes.csv", "https://example.org/charlie,", ",",
         "stakes.csv, line 6, column 'source_url': value is required"),
        ("stakes.csv", "equity,100", "ownership,100",
         "stakes.csv, line 6, column 'role': unknown role 'ownership'"),
        ("companies.csv", "global_miner,Global Miner (test),,GB", "global_miner,Global,,UK1",
         "companies.csv, line 4, column 'country': 'UK1' is not an ISO 3166-1 alpha-2"),
        ("companies.csv", "andes_sa,Andes SA (test),,PE,miner",
         "andes_sa,Andes SA (test),,PE,mining",
         "companies.csv, line 5, column 'kind': unknown company kind 'mining'"),
        ("companies.csv", ",https://example.org/kaisha,", ",,",
         "companies.csv, line 3, column 'source_url': value is required"),
        ("sites.csv", "5300,https://example.org/alpha-capex", "5300,",
         "sites.csv, line 2, column 'capex_source_url': a capex figure needs its own source"),
        ("sites.csv", "-9.5,-77.0", "-17.104,-70.6",
         "sites.csv, line 3, column 'lat': 'bravo' is 445 m from 'alpha'"),
        ("sites.csv", "alpha-capex,,", "alpha-capex,zulu,",
         "sites.csv, line 2, column 'neighbours': unknown site 'zulu'"),
        ("sites.csv", "alpha-capex,,", "alpha-capex,bravo,",
         "sites.csv, line 2, column 'neighbours': 'bravo' does not list 'alpha' back"),
        ("production.csv", "alpha,Ag,1200000,oz", "alpha,Ag,1200000,t",
         "production.csv, line 3, column 'unit': Ag is counted in 'oz' everywhere, not 't'"),
        ("production.csv", "bravo,Zn,300000,t", "bravo,Mo,300000,t",
         "production.csv, line 4, column 'mineral': 'Mo' is not among the minerals of 'bravo'"),
        ("production.csv", "bravo,Zn", "zulu,Zn",
         "production.csv, line 4, column 'site_id': unknown site 'zulu'"),
        ("production.csv", "alpha,Ag,1200000,oz,2023", "alpha,Cu,1200000,t,2023",
         "production.csv, line 3, column 'year': the same site, mineral, year and basis"),
        ("trade.csv", "Cu,JP,8,", "Cu,JP,38,",
         "trade.csv, line 3, column 'share_pct': Cu shares for 2025-Q1 (value) add up to 108%"),
        ("trade.csv", "Cu,JP,8,", "Cu,Japan,8,",
         "trade.csv, line 3, column 'destination': 'Japan' is not an ISO 3166-1 alpha-2"),
        ("trade.csv", "Sn,US,,,1,", "Sn,US,,,,",
         "trade.csv, line 4, column 'share_pct': give a share, a value or a rank"),
        ("trade.csv", "2025-Q1,value,https://example.org/trade,2025,high,\nCu,JP",
         "2025-Q1,weight,https://example.org/trade,2025,high,\nCu,JP",
         "trade.csv, line 2, column 'basis': unknown basis 'weight'"),
        ("milestones.csv", "首脳会議1,", ",",
         "milestones.csv, line 2, column 'title_ja': value is required"),
        ("milestones.csv", "2025-08,investment", "2025-08,party",
         "milestones.csv, line 3, column 'kind': unknown milestone kind 'party'"),
        ("milestones.csv", "portfolio,2025-08", "summit_one,2025-08",
         "milestones.csv, line 3, column 'id': duplicate id 'summit_one'"),
    ],
)
def test_each_problem_names_file_line_and_column(data_copy, file, old, new, expected):
    problems = problems_of(data_copy(file, old, new))
    assert any(p.startswith(expected) for p in problems), problems


def test_all_problems_are_reported_at_once(data_copy):
    data_copy("sites.csv", "Cu;Mo;Ag", "Cu;Zz")
    data_dir = data_copy("companies.csv", "trading_house", "shop")
    problems = problems_of(data_dir)
    assert len(problems) == 2
    assert "Zz" in problems[0] and "shop" in problems[1]


def test_missing_column_and_missing_file_are_named(data_copy):
    data_dir = data_copy("sites.csv", "id,name,name_ja", "ident,name,name_ja")
    (data_dir / "stakes.csv").unlink()
    assert problems_of(data_dir) == ["stakes.csv: file not found in " + str(data_dir)]
    (data_dir / "stakes.csv").write_text("site_id,company_id,role,source_url,as_of\n")
    assert "sites.csv, column 'id': required column is missing" in problems_of(data_dir)


def test_unreadable_csv_is_a_clear_problem(data_copy):
    data_dir = data_copy.dir
    (data_dir / "companies.csv").write_bytes(b"id,name\n\xff\xfe broken")
    (message,) = problems_of(data_dir)
    assert message.startswith("companies.csv: cannot be read as UTF-8 CSV")


def test_sites_closer_than_a_kilometre_load_when_marked_as_neighbours(data_copy):
    data_copy("sites.csv", "-9.5,-77.0", "-17.104,-70.6")
    data_copy("sites.csv", "alpha-capex,,", "alpha-capex,bravo,")
    data_dir = data_copy("sites.csv", "1999,,,,", "1999,,,alpha,")
    sites = load_atlas(data_dir).sites.set_index("id")
    assert sites.at["alpha", "neighbours"] == ("bravo",)
    assert sites.at["bravo", "neighbours"] == ("alpha",)


def test_a_kilometre_apart_is_not_flagged(data_copy):
    # 0.0091° of latitude is ~1.01 km: just outside the neighbour distance.
    data_dir = data_copy("sites.csv", "-9.5,-77.0", "-17.1091,-70.6")
    assert len(load_atlas(data_dir).sites) == 6


def test_incomplete_ownership_is_flagged_not_refused(mini_atlas):
    sites = mini_atlas.sites.set_index("id")
    assert sites.at["alpha", "equity_pct"] == 100 and sites.at["alpha", "ownership_complete"]
    assert sites.at["bravo", "equity_pct"] == 90 and not sites.at["bravo", "ownership_complete"]
    assert pd.isna(sites.at["delta", "equity_pct"])
    flagged = [str(w) for w in mini_atlas.warnings]
    assert len(flagged) == 1 and "bravo: listed equity adds up to 90%" in flagged[0]


def test_production_trade_and_milestones_are_typed(mini_atlas):
    assert mini_atlas.production["amount"].sum() == 150000 + 1200000 + 300000
    assert list(mini_atlas.production["year"]) == [2023, 2023, 2023]
    assert mini_atlas.trade["share_pct"].sum() == 78
    assert list(mini_atlas.milestones["id"]) == ["summit_one", "portfolio"]
    assert mini_atlas.milestones["amount_musd"].max() == 1000
    sites = mini_atlas.sites.set_index("id")
    assert sites.at["alpha", "capex_musd"] == 5300


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("Ampliación Alpha,alpha,", "Ampliación Alpha,alpah,",
     "portfolio.csv, line 2, column 'site_id': unknown site 'alpah' (not in sites.csv)"),
    ("850,prefeasibility", "850,prefactibilidad",
     "portfolio.csv, line 2, column 'stage': unknown portfolio stage 'prefactibilidad'"),
    ("Charlie,charlie", "Ampliación Alpha,charlie",
     "portfolio.csv, line 3, column 'project': project 'Ampliación Alpha' listed twice"),
    (",850,", ",US$850,", "portfolio.csv, line 2, column 'capex_musd': 'US$850' is not a number"),
])
def test_portfolio_rows_name_a_site_a_stage_and_a_number(data_copy, old, new, expected):
    problems = problems_of(data_copy("portfolio.csv", old, new))
    assert any(p.startswith(expected) for p in problems), problems


def test_portfolio_loads_with_numbers_and_translated_notes(mini_atlas):
    p = mini_atlas.portfolio.set_index("project")
    assert p.at["Charlie", "capex_musd"] == 1200.5
    assert p.at["Ampliación Alpha", "start_year"] == 2029
    assert p.at["Charlie", "note_ja"] == "出資比率は非公表"
