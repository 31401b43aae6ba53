import MusterDomain

/// The demo data set's organisation: a small municipal bureau.
enum DemoBureau {
    /// The bureau, its sub-bureaus and their stations and teams.
    static let units: [Unit] = [
        Unit(code: "PSB", parentCode: nil, nameZh: "市公安局", nameEn: "Municipal Public Security Bureau"),
        Unit(code: "PSB.TRAIN", parentCode: "PSB", nameZh: "警务训练中心", nameEn: "Police Training Centre"),
        Unit(code: "PSB.HR", parentCode: "PSB", nameZh: "政治部", nameEn: "Political and HR Department"),
        Unit(code: "PSB.EAST", parentCode: "PSB", nameZh: "东城分局", nameEn: "East District Sub-bureau"),
        Unit(code: "PSB.EAST.S1", parentCode: "PSB.EAST", nameZh: "东城第一派出所", nameEn: "East Station 1"),
        Unit(code: "PSB.EAST.S2", parentCode: "PSB.EAST", nameZh: "东城第二派出所", nameEn: "East Station 2"),
        Unit(code: "PSB.WEST", parentCode: "PSB", nameZh: "西城分局", nameEn: "West District Sub-bureau"),
        Unit(code: "PSB.WEST.S1", parentCode: "PSB.WEST", nameZh: "西城第一派出所", nameEn: "West Station 1"),
        Unit(
            code: "PSB.WEST.CID", parentCode: "PSB.WEST", nameZh: "西城刑侦大队", nameEn: "West Criminal Investigation Team"),
        Unit(code: "PSB.TRAFFIC", parentCode: "PSB", nameZh: "交通警察支队", nameEn: "Traffic Police Detachment"),
        Unit(code: "PSB.TRAFFIC.T1", parentCode: "PSB.TRAFFIC", nameZh: "交警一大队", nameEn: "Traffic Team 1"),
        Unit(code: "PSB.PATROL", parentCode: "PSB", nameZh: "巡特警支队", nameEn: "Patrol and SWAT Detachment"),
    ]

    /// Demo accounts, one per kind of user; their passwords are generated at seeding time.
    /// `demo.trainer` trains the whole force from the training centre; `east.hr` and
    /// `east.trainer` reach only the East district's officers; `demo.officer` is the first officer
    /// on the demo roster (P100001, East Station 1) and reads only their own record.
    static let accounts: [(username: String, name: String, badge: String?, grants: [RoleGrant])] = [
        ("demo.admin", "系统管理员 Demo admin", nil, [RoleGrant(role: .admin)]),
        ("demo.trainer", "训练中心教官 Demo trainer", nil, [RoleGrant(role: .trainer)]),
        ("east.trainer", "东城分局教官 East district trainer", nil, [RoleGrant(role: .trainer, unitScope: "PSB.EAST")]),
        ("demo.hr", "政治部人事 Demo HR", nil, [RoleGrant(role: .hr)]),
        ("east.hr", "东城分局人事 East district HR", nil, [RoleGrant(role: .hr, unitScope: "PSB.EAST")]),
        ("demo.proctor", "考务监考 Demo proctor", nil, [RoleGrant(role: .proctor)]),
        ("demo.officer", "民警 Demo officer", "P100001", [RoleGrant(role: .officer)]),
    ]
}
