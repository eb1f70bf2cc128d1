"""The loader accepts the reviewed data and names file, line and column of every problem."""

from __future__ import annotations

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
    data_dir = data_copy("sites.csv", "id,name,kind", "ident,name,kind")
    (data_dir / "stakes.csv").unlink()
    assert problems_of(data_dir) == ["stakes.csv: file not found in " + str(data_dir)]
    (data_dir / "stakes.csv").write_text("site_id,company_id,role,source_url,as_of\n")
    assert "sites.csv, column 'id': required column is missing" in problems_of(data_dir)


def test_unreadable_csv_is_a_clear_problem(data_copy):
    data_dir = data_copy.dir
    (data_dir / "companies.csv").write_bytes(b"id,name\n\xff\xfe broken")
    (message,) = problems_of(data_dir)
    assert message.startswith("companies.csv: cannot be read as UTF-8 CSV")
