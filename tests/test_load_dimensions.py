"""Agency names → place and level by rule and gazetteer; template dimensions straight from the CSVs."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.load.dimensions import parse_agency, replace_template_dimensions, template_rows
from pipeline.load.schema import apply_ddl
from pipeline.template import APPLICANT_KEYS, OUTCOME_KEYS, application_rows


@pytest.mark.parametrize(
    ("name", "province", "city", "county", "level"),
    [
        ("梅州市人力资源和社会保障局", "广东省", "梅州市", None, "city"),
        ("天津市东丽区人力资源和社会保障局", "天津市", "天津市", "东丽区", "county"),
        ("泽州县人力资源和社会保障局", "山西省", "晋城市", "泽州县", "county"),
        ("平湖市人力资源和社会保障局", "浙江省", "嘉兴市", "平湖市", "county"),
        ("国家税务总局平湖市税务局", "浙江省", "嘉兴市", "平湖市", "county"),
        ("海淀区教育委员会", "北京市", "北京市", "海淀区", "county"),
        ("浙江省嘉兴市平湖市市场监督管理局", "浙江省", "嘉兴市", "平湖市", "county"),
        ("广西壮族自治区柳州市柳南区教育局", "广西壮族自治区", "柳州市", "柳南区", "county"),
        ("湖北省人力资源和社会保障厅", "湖北省", None, None, "province"),
        ("吉林市人民政府办公室", "吉林省", "吉林市", None, "city"),
        ("内蒙古阿拉善盟额济纳旗民政局", "内蒙古自治区", "阿拉善盟", "额济纳旗", "county"),
        ("国家市场监督管理总局", None, None, None, "national"),
        ("教育部", None, None, None, "national"),
        ("某某单位", None, None, None, "unknown"),
    ],
)
def test_agency_place_and_level(name, province, city, county, level):
    a = parse_agency(name)
    assert (a.province, a.city, a.county, a.admin_level) == (province, city, county, level)


def test_template_dimensions_match_the_template():
    con = duckdb.connect()
    apply_ddl(con)
    replace_template_dimensions(con)
    outcomes = [r[0] for r in con.execute(
        "select category from dim_application_category where is_outcome order by sort_order").fetchall()]
    assert outcomes == list(OUTCOME_KEYS) and len(outcomes) == 21
    assert con.execute("select count(*) from dim_application_category").fetchall()[0][0] == len(
        application_rows(include_groups=True))
    assert [r[0] for r in con.execute("select applicant_type from dim_applicant_type order by sort_order"
                                      ).fetchall()] == list(APPLICANT_KEYS)
    labels = con.execute("select label_zh, label_en from dim_appeal_outcome where outcome = 'corrected'").fetchall()
    assert labels == [("结果纠正", "Corrected")]
    assert set(template_rows()) == {r[0] for r in con.execute(
        "select table_name from duckdb_tables() where table_name like 'dim_%' and table_name <> 'dim_agency'"
    ).fetchall()}
