"""Who publishes: provinces, cities, counties and bureaus, as data, for the synthetic corpus.

A province-level bureau is a 厅 where the real one is (人力资源和社会保障厅), a city or county one
a 局. The real place names run out long before 100,000 reports, so township governments
(乡镇人民政府, which do publish reports) are made up from syllables below each county; every
generated agency name is unique because it starts with its county's full name.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

# province: {city: [counties]}; a few real places per province are enough for variety
PLACES: dict[str, dict[str, list[str]]] = {
    "北京市": {"": ["东城区", "朝阳区", "海淀区", "丰台区", "通州区"]},
    "天津市": {"": ["和平区", "东丽区", "西青区", "滨海新区"]},
    "上海市": {"": ["黄浦区", "徐汇区", "浦东新区", "闵行区"]},
    "重庆市": {"": ["渝中区", "江北区", "万州区", "涪陵区"]},
    "河北省": {"石家庄市": ["长安区", "正定县"], "保定市": ["莲池区", "涿州市"], "唐山市": ["路北区", "迁安市"]},
    "山西省": {"太原市": ["小店区", "清徐县"], "晋城市": ["泽州县", "高平市"], "大同市": ["平城区", "云冈区"]},
    "内蒙古自治区": {"呼和浩特市": ["新城区", "武川县"], "包头市": ["昆都仑区", "固阳县"]},
    "辽宁省": {"沈阳市": ["和平区", "浑南区"], "大连市": ["中山区", "金州区"], "鞍山市": ["铁东区", "海城市"]},
    "吉林省": {"长春市": ["朝阳区", "榆树市"], "吉林市": ["船营区", "蛟河市"]},
    "黑龙江省": {"哈尔滨市": ["道里区", "五常市"], "齐齐哈尔市": ["龙沙区", "讷河市"]},
    "江苏省": {"南京市": ["玄武区", "江宁区"], "苏州市": ["姑苏区", "昆山市"], "无锡市": ["梁溪区", "江阴市"]},
    "浙江省": {"杭州市": ["上城区", "余杭区"], "嘉兴市": ["南湖区", "平湖市"], "宁波市": ["海曙区", "慈溪市"]},
    "安徽省": {"合肥市": ["蜀山区", "肥东县"], "芜湖市": ["镜湖区", "无为市"]},
    "福建省": {"福州市": ["鼓楼区", "闽侯县"], "厦门市": ["思明区", "集美区"], "泉州市": ["鲤城区", "晋江市"]},
    "江西省": {"南昌市": ["东湖区", "南昌县"], "赣州市": ["章贡区", "瑞金市"]},
    "山东省": {"济南市": ["历下区", "章丘区"], "青岛市": ["市南区", "胶州市"], "烟台市": ["芝罘区", "龙口市"]},
    "河南省": {"郑州市": ["金水区", "新郑市"], "洛阳市": ["老城区", "偃师区"], "南阳市": ["宛城区", "邓州市"]},
    "湖北省": {"武汉市": ["江岸区", "东湖新技术开发区"], "宜昌市": ["西陵区", "宜都市"]},
    "湖南省": {"长沙市": ["芙蓉区", "浏阳市"], "株洲市": ["天元区", "醴陵市"]},
    "广东省": {"广州市": ["越秀区", "番禺区"], "深圳市": ["福田区", "南山区"], "梅州市": ["梅江区", "兴宁市"]},
    "广西壮族自治区": {"南宁市": ["青秀区", "横州市"], "桂林市": ["秀峰区", "阳朔县"]},
    "海南省": {"海口市": ["秀英区", "龙华区"], "三亚市": ["吉阳区", "天涯区"]},
    "四川省": {"成都市": ["锦江区", "都江堰市"], "绵阳市": ["涪城区", "江油市"], "宜宾市": ["翠屏区", "叙州区"]},
    "贵州省": {"贵阳市": ["南明区", "清镇市"], "遵义市": ["红花岗区", "仁怀市"]},
    "云南省": {"昆明市": ["五华区", "安宁市"], "大理白族自治州": ["大理市", "祥云县"]},
    "西藏自治区": {"拉萨市": ["城关区", "堆龙德庆区"]},
    "陕西省": {"西安市": ["新城区", "长安区"], "宝鸡市": ["渭滨区", "凤翔区"]},
    "甘肃省": {"兰州市": ["城关区", "榆中县"], "天水市": ["秦州区", "甘谷县"]},
    "青海省": {"西宁市": ["城东区", "湟中区"]},
    "宁夏回族自治区": {"银川市": ["兴庆区", "灵武市"]},
    "新疆维吾尔自治区": {"乌鲁木齐市": ["天山区", "米东区"], "喀什地区": ["喀什市", "疏附县"]},
}

# bureau name at city/county level, and its province-level form
BUREAUS: tuple[tuple[str, str], ...] = (
    ("人力资源和社会保障局", "人力资源和社会保障厅"),
    ("公安局", "公安厅"),
    ("自然资源局", "自然资源厅"),
    ("市场监督管理局", "市场监督管理局"),
    ("人民政府办公室", "人民政府办公厅"),
    ("生态环境局", "生态环境厅"),
    ("住房和城乡建设局", "住房和城乡建设厅"),
    ("交通运输局", "交通运输厅"),
    ("教育局", "教育厅"),
    ("卫生健康委员会", "卫生健康委员会"),
    ("财政局", "财政厅"),
    ("民政局", "民政厅"),
    ("农业农村局", "农业农村厅"),
    ("应急管理局", "应急管理厅"),
    ("税务局", "税务局"),
    ("司法局", "司法厅"),
)

_SYLLABLES = "青石河山新安龙平东西南北长宁永和丰兴华阳泉桥湖清白金马凤林"
_TOWN_KINDS = ("镇人民政府", "乡人民政府", "街道办事处")

LEVELS = ("province", "city", "county", "township")


@dataclass(frozen=True)
class Agency:
    name: str
    province: str
    level: str


def _fixed() -> list[Agency]:
    """Every bureau of every real place in the table above."""
    out: list[Agency] = []
    for prov, cities in PLACES.items():
        municipality = "" in cities
        for _, prov_form in BUREAUS:
            out.append(Agency(prov + prov_form, prov, "province"))
        for city, counties in cities.items():
            if city:
                out += [Agency(prov + city + b, prov, "city") for b, _ in BUREAUS]
            for county in counties:
                prefix = (prov if municipality else city) + county
                out += [Agency(prefix + b, prov, "county") for b, _ in BUREAUS]
    return out


def _townships() -> Iterator[Agency]:
    """An endless, deterministic stream of township governments below the table's counties."""
    counties = [(prov, (prov if "" in cities else city) + county)
                for prov, cities in PLACES.items() for city, counties in cities.items() for county in counties]
    for a in _SYLLABLES:
        for b in _SYLLABLES:
            if a == b:
                continue
            for kind in _TOWN_KINDS:
                for prov, county in counties:
                    yield Agency(f"{county}{a}{b}{kind}", prov, "township")


def agencies(n: int, seed: int) -> list[Agency]:
    """``n`` distinct agencies, real places first, in a seeded order that mixes levels."""
    pool = _fixed()
    if n > len(pool):
        towns = _townships()
        pool += [next(towns) for _ in range(n - len(pool))]
    rng = random.Random(f"agencies:{seed}:{n}")
    chosen = rng.sample(pool, n) if n < len(pool) else pool
    rng.shuffle(chosen)
    return chosen
