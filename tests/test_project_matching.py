"""Project identity across years, pure (warehouse.project_matching): same name, normalized name,
similar name, the analysts' aliases, one-to-one per year, and what starts a lineage of its own."""

from warehouse.model import name_key
from warehouse.project_aliases import parse_aliases
from warehouse.project_matching import ProjectYear, match_projects

DEPARTMENT = "吴川市人力资源和社会保障局"


def _projects(*rows):
    return [ProjectYear(f"{year}:{name}", name_key(DEPARTMENT), year, name) for year, name in rows]


def _by_year_name(identities):
    return {(i.budget_year, i.project_name): i for i in identities}


def test_same_normalized_and_similar_names_continue_a_lineage():
    found = _by_year_name(match_projects(_projects(
        (2023, "劳动保障监察"), (2024, "劳动保障监察"),
        (2023, "“三支一扶”高校毕业生工作生活补贴经费"), (2024, "2024年三支一扶高校毕业生工作生活补贴"),
        (2023, "社会保险经办业务第三方机构审计经费"), (2024, "社会保险经办业务第三方审计经费"),
        (2024, "源头治理欠薪工作经费"),
    ), []))
    assert found[(2024, "劳动保障监察")].match_method == "same_name"
    assert found[(2024, "2024年三支一扶高校毕业生工作生活补贴")].match_method == "normalized_name"
    similar = found[(2024, "社会保险经办业务第三方审计经费")]
    assert similar.match_method == "similar_name" and similar.match_score >= 0.8
    assert similar.lineage_key == found[(2023, "社会保险经办业务第三方机构审计经费")].project_key
    new = found[(2024, "源头治理欠薪工作经费")]
    assert new.match_method == "new" and new.previous_project_key is None and new.lineage_key == new.project_key
    assert all(i.match_method == "new" for i in found.values() if i.budget_year == 2023)


def test_a_lineage_takes_one_project_per_year_and_skips_a_missing_year():
    found = _by_year_name(match_projects(_projects(
        (2022, "劳动仲裁工作经费"), (2024, "劳动仲裁工作经费"), (2024, "劳动仲裁工作经费 "),
    ), []))
    matched = [i for i in found.values() if i.budget_year == 2024 and i.match_method != "new"]
    assert len(matched) == 1 and matched[0].previous_year == 2022  # the gap year is no obstacle


def test_an_alias_overrides_and_a_wrong_alias_says_so():
    aliases = parse_aliases(
        "department_name,budget_year,project_name,previous_year,previous_project_name,note\n"
        f"{DEPARTMENT},2024,粤菜师傅工程费,2023,技能人才培训经费,merged by the bureau\n"
        f"{DEPARTMENT},2024,就业见习补贴,,,really new\n"
        f"{DEPARTMENT},2024,档案数字化,2023,不存在的项目,\n", "aliases.csv")
    found = _by_year_name(match_projects(_projects(
        (2023, "技能人才培训经费"), (2023, "就业见习补贴"), (2024, "粤菜师傅工程费"), (2024, "就业见习补贴"),
        (2024, "档案数字化"),
    ), aliases))
    merged = found[(2024, "粤菜师傅工程费")]
    assert (merged.match_method, merged.previous_project_name) == ("alias", "技能人才培训经费")
    assert "line 2 (merged by the bureau)" in merged.match_reason
    assert found[(2024, "就业见习补贴")].match_method == "alias_new"  # despite the same name last year
    wrong = found[(2024, "档案数字化")]
    assert wrong.match_method == "new" and "line 4 names 2023 「不存在的项目」, which is not in the warehouse" in wrong.match_reason


def test_a_project_without_a_budget_year_is_not_matched():
    found = match_projects([ProjectYear("k", name_key(DEPARTMENT), None, "劳动保障监察"), *_projects((2024, "劳动保障监察"))], [])
    assert {(i.budget_year, i.match_method) for i in found} == {(None, "new"), (2024, "new")}
