"""Write the labelled test register: register.csv (GBK, as Excel saves it on a Chinese Windows), register.xlsx
(the same rows) and labels.csv (each firm's true links). Deterministic: run it again and the files are the
same byte for byte (``python tests/data/register/make_register.py``).

The firms come from archetypes.py, each archetype three times (and each outsider twice) with its own name,
place, status, code depth and wording; README.md says how the labels were decided.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from archetypes import ARCHETYPES, OUTSIDERS  # noqa: E402

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
HEADER = ["企业名称", "统一社会信用代码", "登记状态", "法定代表人", "注册资本", "省份", "城市", "区县", "注册地址",
          "国民经济行业代码", "经营范围", "主营产品"]
# (province, city, county, admin code, streets): the places of the firms; 宁波 and 成都 are not in the graph
PLACES = [
    ("重庆市", "重庆市", "綦江区", "500110", ("古南街道", "文龙街道", "三江街道", "北渡镇", "通惠街道")),
    ("重庆市", "重庆市", "綦江区", "500110", ("古南街道", "桥河工业园", "新盛镇")),
    ("重庆市", "重庆市", "江津区", "500116", ("双福街道", "德感街道")),
    ("重庆市", "重庆市", "巴南区", "500113", ("界石镇", "李家沱街道")),
    ("重庆市", "重庆市", "九龙坡区", "500107", ("西彭镇", "白市驿镇")),
    ("广东省", "深圳市", "宝安区", "440306", ("福永街道", "松岗街道")),
    ("江西省", "赣州市", "章贡区", "360702", ("水西镇",)),
    ("浙江省", "宁波市", "北仑区", "330206", ("小港街道",)),
    ("四川省", "成都市", "龙泉驿区", "510112", ("大面街道",)),
]
BRANDS = [a + b for a in "綦鑫华泰恒宏盛达隆顺祥瑞锦鼎丰源通诚" for b in "江辉宇发昌龙海川邦卓远峰越腾美星"]
SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司", "科技有限公司"]
LEADERS = ["张", "王", "李", "刘", "陈", "杨", "黄", "赵", "周", "吴"]
FILLER = ["技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "货物进出口", "技术进出口",
          "机械设备租赁", "非居住房地产租赁", "普通货物仓储服务（不含危险化学品等需许可审批的项目）",
          "劳务服务（不含劳务派遣）", "五金产品批发", "信息咨询服务（不含许可类信息咨询服务）"]
GENERAL_TAIL = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
LICENSED = "许可项目：道路货物运输（不含危险货物）（依法须经批准的项目，经相关部门批准后方可开展经营活动，" \
           "具体经营项目以相关部门批准文件或许可证件为准）"
# wrong or coarse codes real registers have: (archetype key, variant) → code cell
WRONG_CODES = {("extrusion", 2): "5164", ("wheel", 2): "C", ("gear", 2): "34", ("tray", 2): "3311",
               ("casting-alloy", 2): "32", ("bearing", 2): "C34", ("magnet-wire", 2): "38", ("axle", 2): "36",
               ("die-cast", 2): "3399", ("motor", 2): "3670"}


def credit_code(rng: random.Random, admin: str, valid: bool = True) -> str:
    body = "91" + admin + "".join(rng.choice(ALPHABET) for _ in range(9))
    check = ALPHABET[(31 - sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 31) % 31]
    if not valid:
        check = ALPHABET[(ALPHABET.index(check) + 7) % 31]
    return body + check


def status(n: int) -> str:
    if n % 17 == 5:
        return "注销"
    if n % 23 == 11:
        return "吊销，未注销"
    if n % 41 == 20:
        return "迁出"
    return ("存续", "在业", "存续（在营、开业、在册）", "开业", "存续")[n % 5]


def code_cell(key: str, code: str, variant: int, index: int) -> str:
    if (key, variant) in WRONG_CODES:
        return WRONG_CODES[(key, variant)]
    if variant == 0:
        return "C" + code if code[:2] >= "13" and code[:2] <= "43" else code
    if variant == 1:
        return code
    return code[:3] if index % 2 == 0 else code


def scope(rng: random.Random, making: list[str], trading: list[str], variant: int) -> str:
    filler = rng.sample(FILLER, 2 + variant % 2)
    if variant == 2:  # the older style: items with their verbs, a full stop
        return "；".join([*making, *trading, *filler]) + "。（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
    items = [*making, *trading, *filler] if variant == 0 else [*trading, *making, *filler]
    text = "一般项目：" + "；".join(items) + GENERAL_TAIL
    return text + "；" + LICENSED if rng.random() < 0.3 else text


def address(rng: random.Random, place: tuple, with_city: bool) -> str:
    province, city, county, _, streets = place
    street = rng.choice(streets)
    road = rng.choice(["工业园区", "新华路", "永新大道", "兴业路", "创新路", "东部新城"])
    head = (province if province != city else "") + (city if with_city else "") + county
    return f"{head}{street}{road}{rng.randint(1, 299)}号"


def firms() -> list[tuple[list[str], str]]:
    rng = random.Random(20240601)
    rows: list[tuple[list[str], str]] = []
    brands = iter(BRANDS)
    plan = [(a, v) for a in ARCHETYPES for v in range(3)] + [(o, v) for o in OUTSIDERS for v in range(2)]
    for index, (spec, variant) in enumerate(plan):
        n = index + 1
        place = PLACES[(index * 7 + variant * 3) % len(PLACES)] if n % 3 else PLACES[n % 2]
        city_word = place[2][:2] if place[1] == "重庆市" else place[1][:2]
        if len(spec) == 7:
            key, links, names, code, making, products, trading = spec
            product_cell = products if variant != 1 else ""
        else:
            key, names, code, making = spec
            links, trading, product_cell = "", [], ""
        word, suffix = names[variant % len(names)], SUFFIXES[n % len(SUFFIXES)]
        if word.endswith("科技") and suffix.startswith("科技"):
            suffix = "有限公司"
        name = f"{'重庆' if place[1] == '重庆市' else city_word}{next(brands)}{word}{suffix}"
        with_columns = n % 3 == 0
        row = [name, credit_code(rng, place[3], valid=n % 40 != 13), status(n), rng.choice(LEADERS) + "某某",
               f"{rng.choice([50, 100, 200, 500, 1000, 3000])}万元人民币",
               place[0] if with_columns else "", place[1] if with_columns else "",
               place[2] if with_columns else "", address(rng, place, with_city=n % 4 != 1),
               code_cell(key, code, variant, index), scope(rng, list(making), list(trading), variant), product_cell]
        rows.append((row, links))
    return rows


def main(folder: Path = HERE) -> None:
    rows = firms()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(row for row, _ in rows)
    (folder / "register.csv").write_bytes(buffer.getvalue().encode("gbk"))
    labels = io.StringIO(newline="")
    writer = csv.writer(labels, lineterminator="\n")
    writer.writerow(["id", "name", "links"])
    writer.writerows([row[1], row[0], "; ".join(links.split())] for row, links in rows)
    (folder / "labels.csv").write_text(labels.getvalue(), encoding="utf-8")
    write_xlsx(rows, folder)


def write_xlsx(rows: list[tuple[list[str], str]], folder: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "企业名录"
    sheet.append(["綦江区企业名录（测试数据，非真实企业）"])  # a title row above the header, as exports have
    sheet.append(HEADER)
    for row, _ in rows:
        cells: list[object] = list(row)
        if cells[9].isdigit():
            cells[9] = int(cells[9])  # as Excel keeps a typed code: 0916 becomes 916
        sheet.append(cells)
    book.properties.created = book.properties.modified = datetime.datetime(2024, 6, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    fixed = io.BytesIO()  # the same bytes every run: the zip entries get a fixed time
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-06-01T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(entry.filename, date_time=(2024, 6, 1, 0, 0, 0)), data)
    (folder / "register.xlsx").write_bytes(fixed.getvalue())


if __name__ == "__main__":
    main()
