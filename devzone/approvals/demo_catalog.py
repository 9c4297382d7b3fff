"""The demo catalog: the first batch of 52 approval items delegated to 济北经济开发区 by the four county
departments (县住建委, 县发改委, 县国土资源局, 县经信局), and a few items of the second batch.

"52 items" counts 主项 (the powers as the delegation lists them); several of them are split into 子项 and
办理项 (新设/变更/延续/注销), which are the items a window opens applications for. Legal limits are those the
laws set, in working days (建筑法 2019: 施工许可 7 days; 环境影响评价法 第22条: 报告书 60, 报告表 30;
不动产登记暂行条例 第20条: 30; 城市商品房预售管理办法: 10; 行政许可法 第42条: 20 where the law says nothing
else); promised limits are what the zone promises after the reform, well below them. The items are written
through the same checks as an Excel import (``catalog_load``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal

from devzone.approvals.catalog import Catalog, ItemRow, MaterialRow, catalog_load, split_steps
from devzone.approvals.choices import HandlingKind, ItemKind, LegalNature, ResultKind, Stage
from devzone.approvals.models import ApprovalItem, SourceDepartment
from devzone.core.actors import system_actor
from devzone.core.choices import AuditAction

ZJ, FG, GT, JX = "县住建委", "县发改委", "县国土资源局", "县经信局"
HB, SW = "县环保局", "县水务局"  # second batch
FIRST_BATCH_DEPARTMENTS = [ZJ, FG, GT, JX]
LATER_DEPARTMENTS = [HB, SW]
FIRST_BATCH_SIZE = 52

LAND, DESIGN, PERMIT, DONE, OTHER = (
    Stage.LAND_PLANNING,
    Stage.CONSTRUCTION_PLANNING,
    Stage.CONSTRUCTION_PERMIT,
    Stage.COMPLETION,
    Stage.OTHER,
)
NEW, CHANGE, RENEW, CANCEL = HandlingKind.NEW, HandlingKind.CHANGE, HandlingKind.RENEW, HandlingKind.CANCEL
INSTANT = ItemKind.INSTANT

ADMIN_LICENSING = "《中华人民共和国行政许可法》第四十二条"
PROJECT_APPROVAL = "《企业投资项目核准和备案管理条例》（国务院令第673号）第十一条"

# What each item is in law, where its limit and its extension come from (the rest: 行政许可 under 第四十二条).
FILINGS = {"ZJ-012", "ZJ-013", "ZJ-023", "FG-001", "FG-009", "GT-011", "JX-001"}
PROJECT_APPROVALS = {"FG-002", "FG-003", "JX-002"}  # 企业投资项目核准: +40 working days (条例第十一条)
LEGAL_NATURE = {
    "ZJ-008": LegalNature.TECHNICAL_REVIEW,  # 施工图审查: an accredited review body, not a 行政许可
    "ZJ-007": LegalNature.CONFIRMATION,  # 规划核实
    "GT-010": LegalNature.CONFIRMATION,  # 不动产登记
    "GT-013": LegalNature.OTHER,
    "JX-006": LegalNature.OTHER,
}
LIMIT_BASIS = {
    "ZJ-008": "《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》（住房和城乡建设部令第13号）第十三条",
    "GT-010": "《不动产登记暂行条例》第二十条",
}


def legal_profile(spec: Spec, root: str) -> dict:
    """The legal columns of a demo item, from its root item's code, its limit and its result."""
    if root in FILINGS:
        nature = LegalNature.FILING
    else:
        nature = LEGAL_NATURE.get(root, LegalNature.LICENSING)
    result = spec.result
    if nature == LegalNature.FILING:
        kind = ResultKind.FILING_PROOF
    elif root in PROJECT_APPROVALS:
        kind = ResultKind.APPROVAL_DOCUMENT
    elif "合格书" in result:
        kind = ResultKind.REVIEW_CERTIFICATE
    elif "不动产权" in result or "登记" in result:
        kind = ResultKind.REGISTRATION_PROOF
    elif nature != LegalNature.LICENSING:
        kind = ResultKind.OTHER
    elif any(w in result for w in ("许可证", "证书", "许可决定书", "选址意见书", "批准书", "处置核准文件")):
        kind = ResultKind.PERMIT
    else:
        kind = ResultKind.REPLY
    licensing = nature == LegalNature.LICENSING
    if root in LIMIT_BASIS:
        limit_basis = LIMIT_BASIS[root]
    elif root in PROJECT_APPROVALS:
        limit_basis = PROJECT_APPROVAL
    elif licensing and spec.legal == 20:
        limit_basis = ADMIN_LICENSING
    else:
        limit_basis = spec.basis
    if root in PROJECT_APPROVALS:
        most, ext_basis = 40, PROJECT_APPROVAL
    elif licensing and spec.legal:
        most, ext_basis = 10, ADMIN_LICENSING
    else:
        most, ext_basis = 0, ""
    return {
        "legal_nature": nature,
        "result_kind": kind,
        "legal_limit_basis": limit_basis,
        "extension_max_days": most,
        "extension_basis": ext_basis,
    }


@dataclass
class M:
    """One required material: copy unless ``original``; ``supply`` working days when 容缺."""

    name: str
    original: bool = False
    copies: int = 1
    required: bool = True
    supply: int | None = None


@dataclass
class Spec:
    code: str
    name: str = ""  # a 办理项 takes its parent's name (the handling kind tells them apart)
    dept: str = ""
    stage: str = ""
    legal: int | None = None
    promised: int | None = None
    result: str = ""
    basis: str = ""
    kind: str = ""
    handling: str = ""
    fee: str | None = None  # None: the parent's (a 主项's own: 0)
    commitment: bool = False
    prereq: tuple[str, ...] = ()
    materials: list[M] = field(default_factory=list)
    children: list[Spec] = field(default_factory=list)
    batch: int = 1


def item(code, name, dept, stage, legal, promised, result, basis, **kw) -> Spec:
    return Spec(code, name, dept, stage, legal, promised, result, basis, **kw)


def sub(code, handling="", **kw) -> Spec:
    return Spec(code, handling=handling, **kw)


# Materials most items ask for.
LICENSE = M("营业执照（或事业单位法人证书）")
AGENT = M("法定代表人身份证明书及授权委托书", original=True)


def form(name: str) -> M:
    return M(name, original=True)


def change_set(cert: str, *extra: M) -> list[M]:
    return [form("变更申请表"), M(f"原{cert}", original=True), M("变更内容的说明及证明材料"), LICENSE, *extra]


def renew_set(cert: str, *extra: M) -> list[M]:
    return [
        form("延续（延期）申请表"),
        M(f"原{cert}", original=True),
        M("项目进展情况说明", original=True),
        *extra,
    ]


def cancel_set(cert: str) -> list[M]:
    return [form("注销申请表"), M(f"原{cert}", original=True), LICENSE]


# --- 县发改委 (10) ----------------------------------------------------------------------------------------------
FG_ITEMS = [
    item(
        "FG-001",
        "企业投资项目备案",
        FG,
        LAND,
        0,
        0,
        "山东省建设项目备案证明",
        "《企业投资项目核准和备案管理条例》（国务院令第673号）第十三条、第十四条",
        kind=INSTANT,
        children=[
            sub(
                "FG-001-1",
                NEW,
                materials=[
                    form("山东省投资项目在线审批监管平台项目备案信息表"),
                    LICENSE,
                    AGENT,
                    M("项目建设内容及规模说明", original=True),
                ],
            ),
            sub(
                "FG-001-2",
                CHANGE,
                materials=[
                    form("项目备案信息变更申请"),
                    M("原山东省建设项目备案证明", original=True),
                    M("变更事项说明"),
                ],
            ),
            sub(
                "FG-001-3",
                CANCEL,
                result="项目备案撤销告知书",
                materials=[
                    form("项目备案撤销申请"),
                    M("原山东省建设项目备案证明", original=True),
                    LICENSE,
                ],
            ),
        ],
    ),
    item(
        "FG-002",
        "企业投资项目核准",
        FG,
        LAND,
        20,
        5,
        "企业投资项目核准批复",
        "《企业投资项目核准和备案管理条例》第十条；《企业投资项目核准和备案管理办法》（国家发展改革委令第2号）",
        children=[
            sub(
                "FG-002-1",
                NEW,
                prereq=("ZJ-001", "GT-001"),
                materials=[
                    form("项目申请报告"),
                    LICENSE,
                    M("建设项目选址意见书（划拨用地项目）"),
                    M("建设项目用地预审意见"),
                    M("项目单位对申请材料真实性的承诺书", original=True),
                    M("社会稳定风险评估报告", supply=5),
                ],
            ),
            sub("FG-002-2", CHANGE, materials=change_set("项目核准批复")),
            sub("FG-002-3", RENEW, promised=3, materials=renew_set("项目核准批复")),
        ],
    ),
    item(
        "FG-003",
        "外商投资项目核准",
        FG,
        LAND,
        20,
        5,
        "外商投资项目核准批复",
        "《外商投资项目核准和备案管理办法》（国家发展改革委令第12号）第十五条",
        materials=[
            form("项目申请报告"),
            M("投资方营业执照或注册证明（经公证认证）", copies=2),
            M("投资方资信证明"),
            M("建设项目用地预审意见"),
            M("外方投资合作协议", supply=5),
            AGENT,
        ],
    ),
    item(
        "FG-004",
        "非工业固定资产投资项目节能审查",
        FG,
        LAND,
        20,
        5,
        "节能审查意见",
        "《固定资产投资项目节能审查办法》（国家发展改革委令第44号）第九条",
        commitment=True,
        materials=[
            form("节能审查申请书"),
            M("项目节能报告", copies=2),
            LICENSE,
            M("项目备案（核准）文件"),
            M("节能报告编制单位资质说明", supply=5),
        ],
    ),
    item(
        "FG-005",
        "政府投资项目建议书审批",
        FG,
        LAND,
        20,
        5,
        "项目建议书批复",
        "《政府投资条例》（国务院令第712号）第九条",
        materials=[
            form("项目建议书审批申请文件"),
            M("项目建议书", copies=3),
            M("资金来源说明", original=True),
            M("主管部门意见", original=True),
        ],
    ),
    item(
        "FG-006",
        "政府投资项目可行性研究报告审批",
        FG,
        LAND,
        20,
        7,
        "可行性研究报告批复",
        "《政府投资条例》第九条、第十一条",
        prereq=("FG-005", "ZJ-001", "GT-001"),
        materials=[
            form("可行性研究报告审批申请文件"),
            M("可行性研究报告", copies=3),
            M("项目建议书批复"),
            M("建设项目选址意见书"),
            M("建设项目用地预审意见"),
            M("社会稳定风险评估报告", supply=7),
            M("节能审查意见", supply=7),
        ],
    ),
    item(
        "FG-007",
        "政府投资项目初步设计及概算审批",
        FG,
        DESIGN,
        20,
        7,
        "初步设计及概算批复",
        "《政府投资条例》第十二条",
        prereq=("FG-006",),
        materials=[
            form("初步设计审批申请文件"),
            M("初步设计文件及概算书", copies=3),
            M("可行性研究报告批复"),
            M("设计单位资质证书"),
            M("专家评审意见", original=True, supply=7),
        ],
    ),
    item(
        "FG-008",
        "依法必须招标项目招标范围、招标方式和招标组织形式核准",
        FG,
        LAND,
        20,
        3,
        "招标事项核准意见",
        "《中华人民共和国招标投标法实施条例》第七条",
        materials=[
            form("招标事项核准申请表"),
            M("项目审批文件"),
            M("不采用公开招标的理由说明", original=True),
        ],
    ),
    item(
        "FG-009",
        "分布式光伏发电项目备案",
        FG,
        OTHER,
        0,
        0,
        "分布式光伏发电项目备案证明",
        "《分布式光伏发电项目管理暂行办法》（国能新能〔2013〕433号）第十条",
        kind=INSTANT,
        materials=[
            form("分布式光伏发电项目备案申请表"),
            LICENSE,
            M("屋顶（场地）使用权证明或租赁协议"),
            M("电网企业接入意见"),
        ],
    ),
    item(
        "FG-010",
        "石油天然气管道保护范围内特定施工作业许可",
        FG,
        PERMIT,
        20,
        5,
        "施工作业许可决定书",
        "《中华人民共和国石油天然气管道保护法》第三十五条、第三十六条",
        materials=[
            form("施工作业申请书"),
            M("施工作业方案", copies=2),
            M("与管道企业签订的安全防护协议", original=True),
            M("施工单位资质证书"),
            M("应急预案", supply=5),
        ],
    ),
]

# --- 县经信局 (6) -----------------------------------------------------------------------------------------------
JX_ITEMS = [
    item(
        "JX-001",
        "工业企业技术改造项目备案",
        JX,
        LAND,
        0,
        0,
        "山东省建设项目备案证明（技术改造）",
        "《企业投资项目核准和备案管理条例》第十三条；山东省企业技术改造项目管理有关规定",
        kind=INSTANT,
        children=[
            sub(
                "JX-001-1",
                NEW,
                materials=[
                    form("技术改造项目备案信息表"),
                    LICENSE,
                    M("技术改造方案（含设备清单）", original=True),
                    M("现有厂房土地权属证明"),
                ],
            ),
            sub(
                "JX-001-2",
                CHANGE,
                materials=[
                    form("项目备案信息变更申请"),
                    M("原备案证明", original=True),
                    M("变更事项说明"),
                ],
            ),
            sub("JX-001-3", CANCEL, result="项目备案撤销告知书", materials=cancel_set("备案证明")),
        ],
    ),
    item(
        "JX-002",
        "工业企业技术改造项目核准",
        JX,
        LAND,
        20,
        5,
        "技术改造项目核准批复",
        "《企业投资项目核准和备案管理条例》第十条",
        materials=[
            form("项目申请报告"),
            LICENSE,
            M("现有土地、厂房权属证明"),
            M("技术改造设备清单", original=True),
            M("安全预评价意见", supply=5),
        ],
    ),
    item(
        "JX-003",
        "工业固定资产投资项目节能审查",
        JX,
        LAND,
        20,
        5,
        "节能审查意见",
        "《固定资产投资项目节能审查办法》（国家发展改革委令第44号）第九条",
        commitment=True,
        materials=[
            form("节能审查申请书"),
            M("项目节能报告", copies=2),
            LICENSE,
            M("项目备案（核准）文件"),
            M("主要用能设备清单", original=True),
            M("能源消费总量指标来源说明", supply=5),
        ],
    ),
    item(
        "JX-004",
        "电力设施保护区内施工作业审批",
        JX,
        PERMIT,
        20,
        5,
        "电力设施保护区内作业许可决定书",
        "《电力设施保护条例》第十七条；《中华人民共和国电力法》第五十二条",
        materials=[
            form("施工作业申请表"),
            M("施工作业方案及安全措施", copies=2),
            M("电力设施产权单位意见", original=True),
            M("施工单位资质证书"),
            M("施工现场平面图", supply=5),
        ],
    ),
    item(
        "JX-005",
        "耗煤项目煤炭消费减量替代方案审核",
        JX,
        LAND,
        20,
        5,
        "煤炭消费减量替代方案审核意见",
        "《山东省耗煤建设项目煤炭消费减量替代管理办法》",
        materials=[
            form("煤炭消费减量替代方案审核申请"),
            M("煤炭消费减量替代方案", copies=2),
            M("替代来源企业关停（改造）承诺", original=True),
            M("项目节能审查意见"),
        ],
    ),
    item(
        "JX-006",
        "工业企业技术改造项目竣工验收",
        JX,
        DONE,
        20,
        10,
        "技术改造项目竣工验收意见",
        "山东省企业技术改造项目管理有关规定",
        prereq=("JX-001-1",),
        materials=[
            form("竣工验收申请表"),
            M("项目备案证明"),
            M("项目竣工总结报告", original=True),
            M("设备购置发票清单"),
            M("专项审计报告", original=True, supply=10),
        ],
    ),
]

# --- 县国土资源局 (13) -------------------------------------------------------------------------------------------
LAND_CERT = "不动产权证书"
GT_ITEMS = [
    item(
        "GT-001",
        "建设项目用地预审",
        GT,
        LAND,
        20,
        5,
        "建设项目用地预审意见",
        "《中华人民共和国土地管理法》第五十二条；《建设项目用地预审管理办法》（国土资源部令第68号）第十一条",
        materials=[
            form("建设项目用地预审申请表"),
            M("建设项目用地预审申请报告", original=True),
            LICENSE,
            M("项目拟选址位置图及勘测定界图", copies=2),
            M("土地利用总体规划调整方案（需调整的）", required=False),
            M("补充耕地方案", supply=5),
        ],
    ),
    item(
        "GT-002",
        "建设用地批准书核发",
        GT,
        LAND,
        20,
        3,
        "建设用地批准书",
        "《中华人民共和国土地管理法实施条例》",
        prereq=("GT-001",),
        materials=[
            form("建设用地批准书申请表"),
            M("国有建设用地使用权出让合同或划拨决定书"),
            M("土地出让价款缴纳凭证"),
            M("宗地界址图"),
        ],
    ),
    item(
        "GT-003",
        "国有建设用地使用权划拨审核",
        GT,
        LAND,
        20,
        5,
        "国有建设用地划拨决定书",
        "《中华人民共和国土地管理法》第五十四条；《划拨用地目录》",
        materials=[
            form("划拨用地申请书"),
            M("项目批准文件"),
            M("建设项目用地预审意见"),
            M("建设用地规划许可证"),
            M("宗地勘测定界图", copies=2),
            M("法人证书或组织机构证明"),
        ],
    ),
    item(
        "GT-004",
        "国有建设用地使用权协议出让审核",
        GT,
        LAND,
        20,
        10,
        "协议出让批复及出让合同",
        "《协议出让国有土地使用权规定》（国土资源部令第21号）",
        materials=[
            form("协议出让申请书"),
            LICENSE,
            M("规划条件"),
            M("土地估价报告", original=True),
            M("集体决策文件", original=True, supply=10),
        ],
    ),
    item(
        "GT-005",
        "改变国有建设用地使用权出让合同约定的土地用途审核",
        GT,
        OTHER,
        20,
        10,
        "改变土地用途批复",
        "《中华人民共和国城市房地产管理法》第十八条",
        materials=[
            form("改变土地用途申请书"),
            M("国有建设用地使用权出让合同"),
            M(LAND_CERT),
            M("城乡规划主管部门同意意见", original=True),
            M("土地估价报告", original=True, supply=10),
        ],
    ),
    item(
        "GT-006",
        "划拨土地使用权转让、出租、抵押审批",
        GT,
        OTHER,
        20,
        5,
        "划拨土地使用权转让（出租、抵押）批准文件",
        "《中华人民共和国城镇国有土地使用权出让和转让暂行条例》第四十五条",
        materials=[
            form("申请书"),
            M(LAND_CERT),
            M("转让（出租、抵押）合同"),
            LICENSE,
            M("地上建筑物权属证明", supply=5),
        ],
    ),
    item(
        "GT-007",
        "临时用地审批",
        GT,
        PERMIT,
        20,
        5,
        "临时用地批复",
        "《中华人民共和国土地管理法》第五十七条",
        materials=[
            form("临时用地申请表"),
            M("临时用地合同", original=True),
            M("土地复垦方案及复垦费用预存凭证"),
            M("临时用地勘测定界图", copies=2),
            M("土地权利人同意意见", original=True, supply=5),
        ],
    ),
    item(
        "GT-008",
        "乡（镇）村公共设施、公益事业建设用地审核",
        GT,
        LAND,
        20,
        5,
        "乡（镇）村建设用地批复",
        "《中华人民共和国土地管理法》第六十一条",
        materials=[
            form("用地申请书"),
            M("乡（镇）人民政府审核意见", original=True),
            M("乡村建设规划许可证"),
            M("勘测定界图", copies=2),
        ],
    ),
    item(
        "GT-009",
        "农用地转用和土地征收报批审查",
        GT,
        LAND,
        20,
        10,
        "农用地转用和土地征收审查意见",
        "《中华人民共和国土地管理法》第四十四条、第四十六条",
        materials=[
            form("建设用地报批申请"),
            M("建设用地呈报说明书", original=True),
            M("农用地转用方案、补充耕地方案、征收土地方案"),
            M("勘测定界图及技术报告", copies=2),
            M("征地补偿安置协议", supply=10),
            M("社会稳定风险评估报告", supply=10),
        ],
    ),
    item(
        "GT-010",
        "不动产登记",
        GT,
        LAND,
        30,
        5,
        LAND_CERT,
        "《不动产登记暂行条例》第二十条；《国务院办公厅关于压缩不动产登记办理时间的通知》（国办发〔2019〕8号）",
        fee="550",
        children=[
            sub(
                "GT-010-01",
                name="国有建设用地使用权登记",
                promised=3,
                children=[
                    sub(
                        "GT-010-01-1",
                        NEW,
                        promised=3,
                        prereq=("GT-002",),
                        materials=[
                            form("不动产登记申请书"),
                            LICENSE,
                            M("国有建设用地使用权出让合同或划拨决定书"),
                            M("土地出让价款及相关税费缴纳凭证"),
                            M("不动产权籍调查成果（宗地图）", original=True),
                        ],
                    ),
                    sub(
                        "GT-010-01-2",
                        CHANGE,
                        promised=3,
                        fee="0",
                        materials=[
                            form("不动产登记申请书"),
                            M(LAND_CERT, original=True),
                            M("变更登记原因证明"),
                            LICENSE,
                        ],
                    ),
                    sub(
                        "GT-010-01-3",
                        CANCEL,
                        kind=INSTANT,
                        promised=0,
                        fee="0",
                        result="注销登记告知书",
                        materials=cancel_set(LAND_CERT),
                    ),
                ],
            ),
            sub(
                "GT-010-02",
                name="国有建设用地使用权及房屋所有权登记",
                stage=DONE,
                children=[
                    sub(
                        "GT-010-02-1",
                        NEW,
                        prereq=("ZJ-013",),
                        materials=[
                            form("不动产登记申请书"),
                            LICENSE,
                            M(LAND_CERT, original=True),
                            M("建设工程竣工验收备案表"),
                            M("房屋测绘成果报告", original=True),
                            M("建设工程规划核实确认书", supply=5),
                        ],
                    ),
                    sub(
                        "GT-010-02-2",
                        CHANGE,
                        promised=3,
                        fee="0",
                        materials=[
                            form("不动产登记申请书"),
                            M(LAND_CERT, original=True),
                            M("变更登记原因证明"),
                        ],
                    ),
                ],
            ),
            sub(
                "GT-010-03",
                name="抵押权登记",
                stage=OTHER,
                promised=3,
                result="不动产登记证明",
                children=[
                    sub(
                        "GT-010-03-1",
                        NEW,
                        promised=3,
                        materials=[
                            form("不动产登记申请书"),
                            M(LAND_CERT, original=True),
                            M("抵押合同及主债权合同", original=True),
                            M("抵押人、抵押权人身份证明"),
                        ],
                    ),
                    sub(
                        "GT-010-03-3",
                        CANCEL,
                        kind=INSTANT,
                        promised=0,
                        fee="0",
                        result="注销登记告知书",
                        materials=[
                            form("不动产登记申请书"),
                            M("不动产登记证明（抵押）", original=True),
                            M("抵押权人同意注销的证明", original=True),
                        ],
                    ),
                ],
            ),
        ],
    ),
    item(
        "GT-011",
        "建设项目地质灾害危险性评估报告备案",
        GT,
        LAND,
        0,
        0,
        "地质灾害危险性评估报告备案回执",
        "《地质灾害防治条例》第二十一条",
        kind=INSTANT,
        materials=[
            form("备案登记表"),
            M("地质灾害危险性评估报告", original=True, copies=2),
            M("评估单位资质证书"),
        ],
    ),
    item(
        "GT-012",
        "土地复垦方案审查",
        GT,
        LAND,
        20,
        5,
        "土地复垦方案审查意见",
        "《土地复垦条例》第十二条、第十三条",
        materials=[
            form("土地复垦方案审查申请表"),
            M("土地复垦方案报告书", copies=2),
            M("专家论证意见", original=True),
            M("土地权利人意见", original=True, supply=5),
        ],
    ),
    item(
        "GT-013",
        "建设项目竣工土地核验",
        GT,
        DONE,
        20,
        5,
        "建设项目竣工土地核验意见",
        "《国有建设用地使用权出让合同》示范文本；山东省建设用地批后监管有关规定",
        prereq=("GT-010-01-1",),
        materials=[
            form("土地核验申请表"),
            M(LAND_CERT),
            M("竣工测量报告", original=True),
            M("土地出让合同履约情况说明", original=True),
        ],
    ),
]

# --- 县住建委 (23) -----------------------------------------------------------------------------------------------
CUP = "《中华人民共和国城乡规划法》"
ZJ_ITEMS = [
    item(
        "ZJ-001",
        "建设项目选址意见书核发",
        ZJ,
        LAND,
        20,
        5,
        "建设项目选址意见书",
        f"{CUP}第三十六条",
        materials=[
            form("建设项目选址申请表"),
            M("项目建议书或项目申请报告"),
            M("拟选址位置地形图", copies=2),
            AGENT,
            M("选址论证报告（大中型项目）", required=False),
        ],
    ),
    item(
        "ZJ-002",
        "建设用地规划许可证核发",
        ZJ,
        LAND,
        20,
        5,
        "建设用地规划许可证",
        f"{CUP}第三十七条、第三十八条",
        prereq=("FG-001-1",),
        materials=[
            form("建设用地规划许可申请表"),
            M("项目备案（核准、审批）文件"),
            M("国有建设用地使用权出让合同"),
            M("规划条件"),
            M("1:500现状地形图", copies=2),
            AGENT,
        ],
    ),
    item(
        "ZJ-003",
        "建设工程设计方案审查",
        ZJ,
        DESIGN,
        20,
        5,
        "建设工程设计方案审查意见",
        f"{CUP}第四十条",
        prereq=("ZJ-002",),
        materials=[
            form("设计方案审查申请表"),
            M("建设用地规划许可证"),
            M("建设工程设计方案（含总平面图）", copies=3),
            M("设计单位资质证书"),
            M("日照分析报告（居住建筑）", required=False),
            M("效果图", supply=5),
        ],
    ),
    item(
        "ZJ-004",
        "建设工程规划许可证核发",
        ZJ,
        DESIGN,
        20,
        5,
        "建设工程规划许可证",
        f"{CUP}第四十条；《山东省城乡规划条例》",
        children=[
            sub(
                "ZJ-004-1",
                NEW,
                prereq=("ZJ-003", "GT-010-01-1"),
                materials=[
                    form("建设工程规划许可申请表"),
                    M(LAND_CERT),
                    M("建设工程设计方案审查意见"),
                    M("建筑施工图（总平面、平立剖面）", copies=2),
                    M("建设工程规划放线测量报告", supply=5),
                    AGENT,
                ],
            ),
            sub(
                "ZJ-004-2",
                CHANGE,
                materials=change_set("建设工程规划许可证", M("修改后的设计图纸", copies=2)),
            ),
            sub("ZJ-004-3", RENEW, promised=3, materials=renew_set("建设工程规划许可证")),
        ],
    ),
    item(
        "ZJ-005",
        "临时建设工程规划许可证核发",
        ZJ,
        PERMIT,
        20,
        5,
        "临时建设工程规划许可证",
        f"{CUP}第四十四条",
        materials=[
            form("临时建设申请表"),
            M("土地使用证明或临时用地批复"),
            M("临时建设设计图纸", copies=2),
            M("按期拆除承诺书", original=True),
        ],
    ),
    item(
        "ZJ-006",
        "乡村建设规划许可证核发",
        ZJ,
        LAND,
        20,
        10,
        "乡村建设规划许可证",
        f"{CUP}第四十一条",
        materials=[
            form("乡村建设规划许可申请表"),
            M("村民委员会意见", original=True),
            M("乡（镇）人民政府审核意见", original=True),
            M("建设工程设计图纸", copies=2),
            M("土地权属证明"),
        ],
    ),
    item(
        "ZJ-007",
        "建设工程规划核实",
        ZJ,
        DONE,
        20,
        5,
        "建设工程规划核实确认书",
        f"{CUP}第四十五条",
        prereq=("ZJ-004-1", "ZJ-010-1"),
        materials=[
            form("规划核实申请表"),
            M("建设工程规划许可证及附图"),
            M("竣工测量成果报告", original=True),
            M("竣工图", copies=2),
            M("临时建筑拆除情况说明", supply=5),
        ],
    ),
    item(
        "ZJ-008",
        "房屋建筑和市政基础设施工程施工图设计文件审查",
        ZJ,
        PERMIT,
        15,  # a technical review by an accredited body, not a 行政许可: 办法第十三条 (大型15、中型及以下10个工作日)
        10,
        "施工图设计文件审查合格书",
        "《建设工程质量管理条例》第十一条；《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》（住房和城乡建设部令第13号）第十三条",
        prereq=("ZJ-004-1",),
        materials=[
            form("施工图审查申请表"),
            M("施工图设计文件", copies=2),
            M("建设工程规划许可证"),
            M("岩土工程勘察报告"),
            M("设计单位资质及注册人员执业证书"),
            M("结构计算书", supply=5),
        ],
    ),
    item(
        "ZJ-009",
        "特殊建设工程消防设计审查",
        ZJ,
        PERMIT,
        15,
        5,
        "特殊建设工程消防设计审查意见书",
        "《中华人民共和国消防法》第十一条；《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号）第十六条",
        prereq=("ZJ-004-1",),
        materials=[
            form("特殊建设工程消防设计审查申请表"),
            M("消防设计文件", copies=2),
            M("设计单位资质证书"),
            M("依法需批准的临时性建筑证明", required=False),
            M("特殊消防设计技术资料（需要的）", required=False),
        ],
    ),
    item(
        "ZJ-010",
        "建筑工程施工许可证核发",
        ZJ,
        PERMIT,
        7,
        3,
        "建筑工程施工许可证",
        "《中华人民共和国建筑法》第七条、第八条（2019年修正）；《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）第五条",
        commitment=True,
        children=[
            sub(
                "ZJ-010-1",
                NEW,
                commitment=True,
                prereq=("ZJ-004-1", "ZJ-008", "ZJ-009"),
                materials=[
                    form("建筑工程施工许可申请表"),
                    M("建设工程规划许可证"),
                    M("中标通知书及施工合同"),
                    M("施工图设计文件审查合格书"),
                    M("特殊建设工程消防设计审查意见书"),
                    M("质量安全保障措施及监督手续", original=True),
                    M("建设资金已落实承诺书", original=True),
                    M("施工现场具备施工条件的说明", supply=5),
                ],
            ),
            sub("ZJ-010-2", CHANGE, materials=change_set("建筑工程施工许可证")),
            sub(
                "ZJ-010-3",
                RENEW,
                promised=1,
                materials=renew_set("建筑工程施工许可证", M("延期理由说明", original=True)),
            ),
        ],
    ),
    item(
        "ZJ-011",
        "特殊建设工程消防验收",
        ZJ,
        DONE,
        15,
        5,
        "特殊建设工程消防验收意见书",
        "《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》第二十七条",
        prereq=("ZJ-009", "ZJ-010-1"),
        materials=[
            form("特殊建设工程消防验收申请表"),
            M("工程竣工验收报告", original=True),
            M("涉及消防的建设工程竣工图纸", copies=2),
            M("消防设施检测报告", original=True, supply=5),
        ],
    ),
    item(
        "ZJ-012",
        "其他建设工程消防验收备案",
        ZJ,
        DONE,
        0,
        0,
        "消防验收备案凭证",
        "《建设工程消防设计审查验收管理暂行规定》第三十四条",
        kind=INSTANT,
        materials=[form("消防验收备案表"), M("工程竣工验收报告"), M("涉及消防的建设工程竣工图纸")],
    ),
    item(
        "ZJ-013",
        "建设工程竣工验收备案",
        ZJ,
        DONE,
        0,
        0,
        "建设工程竣工验收备案表",
        "《建设工程质量管理条例》第四十九条；《房屋建筑和市政基础设施工程竣工验收备案管理办法》",
        kind=INSTANT,
        prereq=("ZJ-007", "ZJ-011", "GT-013"),
        materials=[
            form("竣工验收备案表"),
            M("工程竣工验收报告", original=True),
            M("建设工程规划核实确认书"),
            M("特殊建设工程消防验收意见书"),
            M("施工单位签署的工程质量保修书", original=True),
            M("住宅质量保证书和住宅使用说明书（商品住宅）", required=False),
        ],
    ),
    item(
        "ZJ-014",
        "城市建筑垃圾处置核准",
        ZJ,
        PERMIT,
        20,
        3,
        "城市建筑垃圾处置核准文件",
        "《国务院对确需保留的行政审批项目设定行政许可的决定》第101项；《城市建筑垃圾管理规定》（建设部令第139号）第七条",
        commitment=True,
        materials=[
            form("建筑垃圾处置核准申请表"),
            M("建筑垃圾处置方案", original=True),
            M("运输车辆、驾驶员清单"),
            M("消纳场所证明"),
        ],
    ),
    item(
        "ZJ-015",
        "占用、挖掘城市道路审批",
        ZJ,
        PERMIT,
        20,
        5,
        "占用挖掘城市道路许可证",
        "《城市道路管理条例》第二十九条、第三十一条",
        materials=[
            form("占用挖掘城市道路申请表"),
            M("施工方案及交通疏导方案", copies=2),
            M("公安交通管理部门意见", original=True),
            M("道路恢复承诺书", original=True),
            M("施工位置图", supply=5),
        ],
    ),
    item(
        "ZJ-016",
        "城镇污水排入排水管网许可",
        ZJ,
        DONE,
        15,
        5,
        "城镇污水排入排水管网许可证",
        "《城镇排水与污水处理条例》第二十一条；《城镇污水排入排水管网许可管理办法》（住房和城乡建设部令第21号）第十条",
        children=[
            sub(
                "ZJ-016-1",
                NEW,
                commitment=True,
                materials=[
                    form("排水许可申请表"),
                    LICENSE,
                    M("排水户内部排水管网、专用检测井、污水排放口位置和口径图纸", copies=2),
                    M("排水水质检测报告", original=True, supply=5),
                    M("预处理设施的处理能力说明"),
                ],
            ),
            sub("ZJ-016-2", CHANGE, promised=3, materials=change_set("排水许可证")),
            sub(
                "ZJ-016-3",
                RENEW,
                promised=3,
                materials=renew_set("排水许可证", M("排水水质检测报告", original=True)),
            ),
        ],
    ),
    item(
        "ZJ-017",
        "商品房预售许可",
        ZJ,
        OTHER,
        10,
        5,
        "商品房预售许可证",
        "《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》第七条",
        prereq=("ZJ-010-1", "GT-010-01-1"),
        materials=[
            form("商品房预售许可申请表"),
            M("营业执照和房地产开发企业资质证书"),
            M(LAND_CERT),
            M("建设工程规划许可证和建筑工程施工许可证"),
            M("施工进度和竣工交付日期的说明", original=True),
            M("商品房预售方案", original=True),
            M("预售资金监管协议", original=True, supply=5),
        ],
    ),
    item(
        "ZJ-018",
        "房地产开发企业资质核定（暂定、四级）",
        ZJ,
        OTHER,
        20,
        5,
        "房地产开发企业资质证书",
        "《中华人民共和国城市房地产管理法》第三十条；《房地产开发企业资质管理规定》",
        children=[
            sub(
                "ZJ-018-1",
                NEW,
                commitment=True,
                materials=[
                    form("房地产开发企业资质申请表"),
                    LICENSE,
                    M("企业章程"),
                    M("专业管理人员身份证明及职称证书", copies=2),
                    M("劳动合同及社会保险缴纳证明", supply=5),
                ],
            ),
            sub(
                "ZJ-018-2",
                RENEW,
                materials=renew_set("房地产开发企业资质证书", M("开发经营业绩说明", original=True)),
            ),
            sub("ZJ-018-3", CHANGE, promised=3, materials=change_set("房地产开发企业资质证书")),
            sub(
                "ZJ-018-4",
                CANCEL,
                kind=INSTANT,
                promised=0,
                result="资质注销告知书",
                materials=cancel_set("房地产开发企业资质证书"),
            ),
        ],
    ),
    item(
        "ZJ-019",
        "燃气经营许可证核发",
        ZJ,
        OTHER,
        20,
        10,
        "燃气经营许可证",
        "《城镇燃气管理条例》第十五条；《燃气经营许可管理办法》",
        materials=[
            form("燃气经营许可申请书"),
            LICENSE,
            M("气源证明", original=True),
            M("燃气设施建设工程竣工验收文件"),
            M("主要负责人、安全管理人员及运行维护人员考核合格证书", copies=2),
            M("安全评价报告", original=True),
            M("应急预案", supply=10),
        ],
    ),
    item(
        "ZJ-020",
        "改变绿化规划、绿化用地使用性质审批",
        ZJ,
        OTHER,
        20,
        5,
        "改变绿化规划、绿化用地使用性质批复",
        "《城市绿化条例》第十九条、第二十条",
        materials=[
            form("申请书"),
            M("原绿化规划及拟调整方案", copies=2),
            M("补偿方案", original=True),
            M("规划主管部门意见"),
        ],
    ),
    item(
        "ZJ-021",
        "临时占用城市绿化用地和砍伐、迁移城市树木审批",
        ZJ,
        PERMIT,
        20,
        3,
        "临时占用绿地（砍伐、迁移树木）许可决定书",
        "《城市绿化条例》第二十条、第二十一条",
        materials=[form("申请表"), M("占用位置及树木情况示意图"), M("恢复或补植方案", original=True)],
    ),
    item(
        "ZJ-022",
        "拆除、改动城镇排水与污水处理设施审核",
        ZJ,
        PERMIT,
        20,
        5,
        "拆除、改动排水设施审核意见",
        "《城镇排水与污水处理条例》第四十三条",
        materials=[
            form("申请表"),
            M("拆除、改动方案", copies=2),
            M("排水设施运营单位意见", original=True),
            M("临时排水措施及恢复承诺", original=True, supply=5),
        ],
    ),
    item(
        "ZJ-023",
        "房屋建筑和市政基础设施工程施工招标投标情况书面报告备案",
        ZJ,
        DESIGN,
        0,
        0,
        "招标投标情况书面报告备案回执",
        "《房屋建筑和市政基础设施工程施工招标投标管理办法》（建设部令第89号）第四十七条",
        kind=INSTANT,
        materials=[
            form("施工招标投标情况书面报告"),
            M("招标文件"),
            M("评标委员会评标报告", original=True),
            M("中标人投标文件"),
        ],
    ),
]

# --- second batch ---------------------------------------------------------------------------------------------
EIA = "建设项目环境影响评价文件审批"
LATER_ITEMS = [
    item(
        "HB-001",
        EIA,
        HB,
        LAND,
        60,
        20,
        "环境影响评价文件批复",
        "《中华人民共和国环境影响评价法》第二十二条",
        batch=2,
        children=[
            sub(
                "HB-001-01",
                name="环境影响报告书审批",
                materials=[
                    form("环境影响评价文件审批申请书"),
                    M("环境影响报告书", copies=3),
                    M("公众参与说明", original=True),
                    M("项目备案（核准）文件"),
                    M("污染物排放总量指标来源说明", supply=10),
                ],
            ),
            sub(
                "HB-001-02",
                name="环境影响报告表审批",
                legal=30,
                promised=10,
                commitment=True,
                materials=[
                    form("环境影响评价文件审批申请书"),
                    M("环境影响报告表", copies=2),
                    M("项目备案（核准）文件"),
                    M("污染物排放总量指标来源说明", supply=10),
                ],
            ),
            sub(
                "HB-001-03",
                name="环境影响登记表备案",
                kind=INSTANT,
                legal=0,
                promised=0,
                result="环境影响登记表备案回执",
                materials=[form("建设项目环境影响登记表"), LICENSE, M("项目备案（核准）文件")],
            ),
        ],
    ),
    item(
        "SW-001",
        "生产建设项目水土保持方案审批",
        SW,
        LAND,
        20,
        5,
        "水土保持方案批复",
        "《中华人民共和国水土保持法》第二十五条",
        batch=2,
        materials=[
            form("水土保持方案审批申请"),
            M("水土保持方案报告书（表）", copies=2),
            M("技术评审意见", original=True),
            M("项目备案（核准）文件"),
        ],
    ),
    item(
        "SW-002",
        "取水许可",
        SW,
        OTHER,
        45,
        15,
        "取水许可证",
        "《取水许可和水资源费征收管理条例》第二十一条",
        batch=2,
        materials=[
            form("取水许可申请书"),
            M("建设项目水资源论证报告", copies=2),
            M("取水工程设计方案"),
            M("利害关系人的承诺或意见", original=True, supply=10),
        ],
    ),
]

FIRST_BATCH = ZJ_ITEMS + FG_ITEMS + GT_ITEMS + JX_ITEMS
ALL = FIRST_BATCH + LATER_ITEMS


def _flatten(
    spec: Spec, parent: Spec | None, items: list[ItemRow], materials: list[MaterialRow], root: str = ""
) -> None:
    root = root or spec.code
    if parent is not None:  # a 子项 or 办理项 takes from its parent what it does not say
        spec.name = spec.name or parent.name
        spec.dept = spec.dept or parent.dept
        spec.stage = spec.stage or parent.stage
        spec.result = spec.result or parent.result
        spec.basis = spec.basis or parent.basis
        spec.kind = spec.kind or parent.kind
        spec.batch = parent.batch
        spec.legal = parent.legal if spec.legal is None else spec.legal
        spec.promised = parent.promised if spec.promised is None else spec.promised
        spec.fee = parent.fee if spec.fee is None else spec.fee
    kind = spec.kind or ItemKind.PROMISED
    items.append(
        ItemRow(
            code=spec.code,
            name=spec.name,
            department=spec.dept,
            legal_limit_days=spec.legal,
            promised_limit_days=spec.promised,
            result_type=spec.result,
            parent_code=parent.code if parent else "",
            handling_kind=spec.handling,
            delegation_batch=spec.batch,
            kind=kind,
            stage=spec.stage,
            fee=Decimal(spec.fee or "0"),
            commitment_allowed=spec.commitment,
            prerequisites=list(spec.prereq),
            # Only what a window can open (a leaf) has steps and materials.
            steps={} if spec.children else split_steps(spec.promised),
            legal_basis=spec.basis,
            is_active=True,
            **legal_profile(spec, root),
        )
    )
    for n, m in enumerate(spec.materials, start=1):
        materials.append(
            MaterialRow(
                item_code=spec.code,
                name=m.name,
                order=n,
                original=m.original,
                copies=m.copies,
                required=m.required,
                tolerable=m.supply is not None,
                supply_days=m.supply,
            )
        )
    for child in spec.children:
        _flatten(child, spec, items, materials, root)


def demo_catalog() -> Catalog:
    items: list[ItemRow] = []
    materials: list[MaterialRow] = []
    for spec in copy.deepcopy(ALL):
        _flatten(spec, None, items, materials)
    return Catalog(items=items, materials=materials)


# 情形引导: the situations an applicant is in, each with the items that apply (the window shows them in the
# order of the process). Data of the catalog (``ApprovalItem.situations``), as a zone would write it.
NEW_FACTORY = "新建厂房（社会投资工业项目）"
SMALL_WAREHOUSE = "小型仓库、厂房（带方案出让用地）"
RETROFIT = "工业企业技术改造"
GOVERNMENT = "政府投资项目"
HOUSING = "房地产开发"
SITUATIONS = {
    NEW_FACTORY: [
        "FG-001-1", "GT-001", "ZJ-001", "HB-001-02", "SW-001", "ZJ-002", "GT-002", "GT-010-01-1", "ZJ-003",
        "ZJ-004-1", "ZJ-023", "ZJ-008", "ZJ-009", "ZJ-010-1", "ZJ-007", "ZJ-011", "GT-013", "ZJ-016-1", "ZJ-013",
    ],
    SMALL_WAREHOUSE: ["FG-001-1", "ZJ-002", "GT-010-01-1", "ZJ-004-1", "ZJ-010-1", "ZJ-007", "ZJ-012", "ZJ-013"],
    RETROFIT: ["JX-001-1", "JX-003", "HB-001-03", "JX-006"],
    GOVERNMENT: ["FG-005", "ZJ-001", "GT-001", "FG-006", "FG-008", "FG-007", "ZJ-004-1", "ZJ-010-1", "ZJ-013"],
    HOUSING: ["ZJ-018-1", "GT-004", "ZJ-002", "ZJ-004-1", "ZJ-010-1", "ZJ-017", "ZJ-013", "GT-010-02-1"],
}  # fmt: skip


def situations_by_code() -> dict[str, str]:
    """Each item's situations as the catalog writes them (``新建厂房、改扩建``)."""
    by_code: dict[str, list[str]] = {}
    for name, codes in SITUATIONS.items():
        for code in codes:
            by_code.setdefault(code, []).append(name)
    return {code: "、".join(names) for code, names in by_code.items()}


def load_catalog(zone) -> list[ApprovalItem]:
    """The demo catalog in ``zone``: the source departments, then the items through the import's checks, then
    the situations of 情形引导 (one audit row for them all)."""
    from devzone.core import audit

    for name in FIRST_BATCH_DEPARTMENTS + LATER_DEPARTMENTS:
        SourceDepartment.objects.get_or_create(zone=zone, name=name)
    actor = system_actor()
    items = catalog_load(actor=actor, zone=zone, catalog=demo_catalog(), note="演示数据")
    by_code = situations_by_code()
    for item in items:
        if item.code in by_code:
            item.situations = by_code[item.code]
    ApprovalItem.objects.bulk_update([i for i in items if i.code in by_code], ["situations"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=zone, note="演示数据：情形引导的适用情形")
    return items
