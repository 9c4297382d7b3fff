"""Facts and figures of the Jinan development-zone reform, copied from the project's reform_facts.yaml
(the running app never reads ../shared). The demo data is built from them so that the platform reproduces
every figure from its own rows."""

CITY = {
    "name": "济南市",
    "code": "370100",
    "lead_agency": "济南市投资促进局",
    "personnel_agency": "济南市委组织部",
}

REFORM_DATE = "2019-06-01"  # departments before/after the reform are split on this date
SEAL_IN_USE_SINCE = "2019-06-07"

# name, short name, level, pilot, operator, operating company,
# internal bodies before the reform, after the reform
ZONES = [
    ("济南济北经济开发区", "济北经济开发区", "provincial", True, "committee_company", "", 17, 10),
    ("莱芜高新技术产业开发区", "莱芜高新区", "national", True, "committee", "", 20, 12),
    ("槐荫经济开发区", "槐荫经开区", "provincial", True, "committee", "", 14, 8),
    ("济南新材料产业园区", "新材料产业园区", "provincial", True, "committee_company", "", 12, 7),
    ("济南临港经济开发区", "临港经开区", "provincial", False, "committee", "", 13, 8),
    (
        "钢铁经济开发区",
        "钢铁经开区",
        "provincial",
        False,
        "company",
        "山钢股份和钢城区共建（企业运营管理开发区试点）",
        12,
        7,
    ),
    ("济南高新技术产业开发区", "济南高新区", "national", False, "committee_company", "", 21, 12),
]
INTERNAL_BODIES_BEFORE = 109
INTERNAL_BODIES_AFTER = 64

# 莱芜的3个开发区整合为新的莱芜高新区
LAIWU_MERGED = ["原莱芜高新区", "原莱芜经济开发区", "原莱城工业区"]
LAIWU_MERGED_ON = "2019-08-01"

# 两城三区四园 of 济北 (names illustrative; the pattern is the report's)
JIBEI_AREAS = [
    ("智造新城", "city"),
    ("科创城", "city"),
    ("产业新区", "district"),
    ("临港物流区", "district"),
    ("现代农业示范区", "district"),
    ("食品产业园", "park"),
    ("智能制造产业园", "park"),
    ("新材料产业园", "park"),
    ("电子信息产业园", "park"),
]

# 济北's departments after the reform: name, kind, headcount quota
JIBEI_DEPARTMENTS = [
    ("党政办公室", "general", 8),
    ("组织人事部", "general", 6),
    ("综合服务部", "service", 14),
    ("经济发展部", "service", 10),
    ("投资促进部", "investment", 18),
    ("行政审批部", "general", 10),
    ("规划建设部", "general", 8),
    ("财政金融部", "general", 6),
    ("安全环保部", "general", 6),
    ("社会事务部", "general", 4),
]
OLD_BODY_NAMES = [
    "办公室",
    "党群工作部",
    "组织人事科",
    "纪工委",
    "经济发展局",
    "招商局",
    "招商服务中心",
    "规划建设局",
    "国土资源分局",
    "财政局",
    "审计科",
    "统计科",
    "社会事务局",
    "安全生产监督局",
    "环境保护分局",
    "征地拆迁办公室",
    "综合执法局",
    "企业服务中心",
    "科技创新局",
    "项目推进办公室",
    "农业发展局",
]

# 投资促进部 teams stationed across China (招商小分队 / 驻点)
INVESTMENT_TEAMS = [
    ("长三角", "上海"),
    ("珠三角", "深圳"),
    ("海西", "厦门"),
    ("京津冀", "天津"),
    ("济南", "高新区"),
]

# Half-year results: 23 signed projects, 708 亿元, 18 over 1 亿, 7 over 10 亿. Amounts in 亿元.
SIGNED_HALF_YEAR = [
    ("济北智造小镇", "济北智造小镇建设发展有限公司", 50, "72"),
    ("少海汇智慧住居项目", "少海汇（济南）智慧住居科技有限公司", 300, "21"),
    ("世茂集团澄波湖综合开发文旅项目", "世茂（济南）文旅发展有限公司", 230, "88"),
    ("高端装备制造产业园项目", "山东齐鲁高端装备有限公司", 25, "34"),
    ("新能源汽车零部件项目", "济南新能汽车零部件有限公司", 18, "36"),
    ("生物医药产业基地项目", "山东康源生物医药有限公司", 15, "27"),
    ("冷链物流园项目", "济北冷链物流有限公司", 12, "59"),
    ("智能家电生产基地项目", "山东智家电器有限公司", 9.5, "38"),
    ("功能食品研发生产项目", "济南禾丰功能食品有限公司", 8.5, "14"),
    ("高分子新材料项目", "山东合成新材料科技有限公司", 7, "29"),
    ("工业机器人集成项目", "济南智控机器人有限公司", 6, "34"),
    ("预制菜中央厨房项目", "山东鲁味食品有限公司", 5.5, "13"),
    ("光伏储能装备项目", "济北光储能源科技有限公司", 5, "38"),
    ("电子元器件封装项目", "济南芯联电子有限公司", 4.5, "39"),
    ("包装材料生产项目", "山东绿源包装有限公司", 4, "22"),
    ("饮品灌装生产线项目", "济南清泉饮品有限公司", 3, "15"),
    ("仓储配送中心项目", "济北顺通仓储有限公司", 2, "59"),
    ("软件研发中心项目", "济南数智软件有限公司", 1.5, "65"),
    ("精密模具加工项目", "济南精工模具有限公司", 0.5, "35"),
    ("检验检测服务项目", "山东标准检测技术有限公司", 0.4, "74"),
    ("农产品初加工项目", "济阳田园农产品有限公司", 0.3, "13"),
    ("文创产品设计项目", "济南匠心文创有限公司", 0.2, "24"),
    ("汽车维修服务项目", "济北车联汽车服务有限公司", 0.1, "81"),
]
HALF_YEAR_SIGNED = 23
HALF_YEAR_INVESTMENT_YI = 708
HALF_YEAR_OVER_1_YI = 18
HALF_YEAR_OVER_10_YI = 7

# Projects the reports name besides the big three: approvals handled (凯莱东尼、康师傅 …), 金晔食品 in
# production within 24 hours, 山东旺旺食品 served 一企一策 in the epidemic.
OTHER_NAMED = [
    ("凯莱东尼项目", "济南凯莱东尼食品有限公司", 3.2, "14", True),
    ("康师傅饮品项目", "济南顶津食品有限公司", 6.8, "15", True),
    ("金晔食品项目", "山东金晔农法食品有限公司", 2.6, "14", False),
    ("旺旺食品财务共享服务中心", "山东旺旺食品有限公司", 1.2, "72", True),
]

MASKS_ALLOCATED_FIRST_BATCH = 222405

# 刚性淘汰 (rigid_elimination.yearly_share_percent): 3%–5% of the zones' staff a year, from the reform day.
ELIMINATION_SHARE_PERCENT = (3, 5)
ELIMINATION_SHARE_BASIS = "济南市开发区体制机制改革：实行刚性淘汰，每年淘汰比例3%—5%（年度考核不称职、未完成聘期工作目标、竞聘落聘）"
