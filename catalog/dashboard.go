package catalog

// The Dashboard group: every label and message of the staff dashboard
// (package web). Templates name entries by their id string ({{t
// "dash.nav.overview"}}); Go code uses the constants below. The entries
// join the catalog in catalog.go.
const (
	DashBadLogin        ID = "dash.err.bad_login"
	DashTooManyLogins   ID = "dash.err.too_many_logins"
	DashUnauthorized    ID = "dash.err.unauthorized"
	DashBadCSRF         ID = "dash.err.bad_csrf"
	DashBadRequest      ID = "dash.err.bad_request"
	DashNotFound        ID = "dash.err.not_found"
	DashNameTaken       ID = "dash.err.name_taken"
	DashUnavailable     ID = "dash.err.unavailable"
	DashNothingSelected ID = "dash.msg.nothing_selected"
	DashFulfilled       ID = "dash.msg.fulfilled"
	DashJobRetried      ID = "dash.msg.job_retried"
	DashTokenRevoked    ID = "dash.msg.token_revoked"

	DashWrongPassword    ID = "dash.err.wrong_password"
	DashPasswordMismatch ID = "dash.err.password_mismatch"
	DashWeakPassword     ID = "dash.err.weak_password"
	DashMethodNotAllowed ID = "dash.err.method_not_allowed"
	DashPasswordChanged  ID = "dash.msg.password_changed"
)

// Names: how stored actors, step notes and reason codes read to staff, on
// pages and in exports (staff.Desk.ActorName, staff.NoteText). The stored
// values stay as the code wrote them.
const (
	NameActorVet            ID = "name.actor.vet"
	NameActorSystem         ID = "name.actor.system"
	NameActorAPI            ID = "name.actor.api"
	NameActorStaff          ID = "name.actor.staff"
	NameActorRider          ID = "name.actor.rider"
	NameNoteExactDuplicate  ID = "name.note.exact_duplicate"
	NameNoteNearDuplicate   ID = "name.note.near_duplicate"
	NameNoteBurst           ID = "name.note.burst"
	NameNotePhotoCheck      ID = "name.note.photo_check"
	NameNoteDownloadFailed  ID = "name.note.download_failed"
	NameNoteRiderCancelled  ID = "name.note.rider_cancelled"
	NameNoteExpired         ID = "name.note.expired"
	NameNoteStaffReview     ID = "name.note.staff_review"
	NameNoteOverDailyPhotos ID = "name.note.over_daily_photos"
	NameNoteNotActive       ID = "name.note.not_active"
	NameNoteTooEarly        ID = "name.note.too_early"
)

var dashboard = map[ID]string{
	DashBadLogin:        "用户名或密码不正确。",
	DashTooManyLogins:   "登录失败次数过多，请 15 分钟后再试。",
	DashUnauthorized:    "缺少或无效的访问令牌。",
	DashBadCSRF:         "页面已过期，请刷新后重试。",
	DashBadRequest:      "请求的参数不正确，请检查后重试。",
	DashNotFound:        "没有找到该页面或记录。",
	DashNameTaken:       "该名称已被使用，请换一个名称。",
	DashUnavailable:     "该功能未启用。",
	DashNothingSelected: "没有选中任何上报。",
	DashFulfilled:       "券码 {{.Voucher}} 已核销",
	DashJobRetried:      "任务 {{.ID}} 已重新排队。",
	DashTokenRevoked:    "令牌「{{.Name}}」已吊销，使用它的请求将被拒绝。",

	DashWrongPassword:    "当前密码不正确。",
	DashPasswordMismatch: "两次输入的新密码不一致。",
	DashWeakPassword:     "新密码需要 {{.Min}} 到 72 个字符。",
	DashMethodNotAllowed: "该地址不支持这种请求方法。",
	DashPasswordChanged:  "密码已修改。其他设备上的登录已全部退出，本设备保持登录。",

	NameActorVet:            "系统自动审核",
	NameActorSystem:         "系统",
	NameActorAPI:            "接口「{{.Name}}」",
	NameActorStaff:          "工作人员",
	NameActorRider:          "骑手 {{.Name}}（{{.Label}}）",
	NameNoteExactDuplicate:  "重复照片（与之前的照片完全相同）",
	NameNoteNearDuplicate:   "重复照片（之前照片的修改版）",
	NameNoteBurst:           "连拍（同一处只计一次）",
	NameNotePhotoCheck:      "照片检查未通过",
	NameNoteDownloadFailed:  "照片下载失败",
	NameNoteRiderCancelled:  "骑手取消",
	NameNoteExpired:         "过期自动退回",
	NameNoteStaffReview:     "等待人工审核",
	NameNoteOverDailyPhotos: "超出每日照片数量上限",
	NameNoteNotActive:       "发送者不是有效骑手",
	NameNoteTooEarly:        "报名前太久发送的照片",

	"dash.app":    "网格随手拍 · 管理后台",
	"dash.logout": "退出",
	"dash.empty":  "暂无数据",

	"dash.nav.overview":    "概览",
	"dash.nav.reviews":     "审核队列",
	"dash.nav.reports":     "上报",
	"dash.nav.redemptions": "兑换",
	"dash.nav.riders":      "骑手",
	"dash.nav.map":         "地图",
	"dash.nav.leaderboard": "排行榜",
	"dash.nav.exports":     "导出",
	"dash.nav.jobs":        "失败任务",
	"dash.nav.tokens":      "接口令牌",
	"dash.nav.backup":      "备份",
	"dash.nav.password":    "修改密码",

	"dash.password.current": "当前密码",
	"dash.password.new":     "新密码",
	"dash.password.confirm": "再次输入新密码",
	"dash.password.submit":  "修改密码",
	"dash.password.hint":    "新密码需要 {{.Min}} 到 72 个字符。修改后，其他设备上的登录会全部退出，本设备保持登录。",

	"dash.login.title":    "登录",
	"dash.login.user":     "用户名",
	"dash.login.password": "密码",
	"dash.login.submit":   "登录",

	"dash.error.title": "无法完成操作",
	"dash.error.home":  "返回概览",

	"dash.overview.pending":             "待处理",
	"dash.overview.pending_reports":     "待审核上报",
	"dash.overview.pending_redemptions": "待审核兑换",
	"dash.overview.pending_riders":      "待审核报名",
	"dash.overview.today":               "今日",
	"dash.overview.month":               "本月",
	"dash.overview.reports":             "上报数",
	"dash.overview.issued":              "发放积分",
	"dash.overview.redeemed":            "兑换积分",
	"dash.overview.riders":              "活跃骑手",
	"dash.overview.chart":               "近 30 天每日上报（按类别）",

	"dash.col.actions":          "操作",
	"dash.col.actor":            "操作人",
	"dash.col.attempts":         "尝试次数",
	"dash.col.balance":          "积分",
	"dash.col.category":         "类别",
	"dash.col.change":           "积分变动",
	"dash.col.available_change": "可用变动",
	"dash.col.download":         "下载",
	"dash.col.error":            "最后错误",
	"dash.col.id":               "编号",
	"dash.col.kind":             "类型",
	"dash.col.location":         "位置",
	"dash.col.month_points":     "本月积分",
	"dash.col.name":             "名称",
	"dash.col.note":             "备注",
	"dash.col.phone":            "手机号",
	"dash.col.points":           "积分",
	"dash.col.rank":             "名次",
	"dash.col.reward":           "服务",
	"dash.col.rider":            "骑手",
	"dash.col.source":           "来源",
	"dash.col.status":           "状态",
	"dash.col.table":            "表格",
	"dash.col.time":             "时间",
	"dash.col.total":            "合计",

	"dash.action.approve":          "通过",
	"dash.action.reject":           "拒绝",
	"dash.action.approve_selected": "通过选中",
	"dash.action.reject_selected":  "拒绝选中",
	"dash.action.revoke":           "撤销积分",
	"dash.action.dispatch":         "转交",
	"dash.action.resolve":          "标记已处理",
	"dash.action.merge":            "合并为重复",
	"dash.action.classify":         "修改类别",
	"dash.action.fulfil":           "核销",
	"dash.action.fulfil_voucher":   "按券码核销",
	"dash.action.adjust":           "调整积分",
	"dash.action.deactivate":       "停用",
	"dash.action.retry":            "重试",
	"dash.action.create_token":     "创建令牌",
	"dash.action.revoke_token":     "吊销",

	"dash.field.reason":     "原因（必填）",
	"dash.field.note":       "备注",
	"dash.field.to":         "转交给（部门或网格群）",
	"dash.field.into":       "合并到的上报编号，如 P12",
	"dash.field.voucher":    "券码",
	"dash.field.delta":      "积分变动，如 5 或 -3",
	"dash.field.token_name": "令牌名称，如 城市平台",

	"dash.filter.all":            "全部",
	"dash.filter.all_statuses":   "全部状态",
	"dash.filter.all_categories": "全部类别",
	"dash.filter.apply":          "查看",
	"dash.filter.search":         "搜索",

	"dash.review.bulk":          "批量处理选中的上报：",
	"dash.review.candidates":    "疑似重复",
	"dash.review.no_candidates": "没有疑似重复的上报。",
	"dash.review.empty":         "审核队列是空的 👍",

	"dash.photo.none":        "无照片",
	"dash.metric.blur":       "清晰度",
	"dash.metric.brightness": "亮度",

	"dash.report.actions":       "操作",
	"dash.report.steps":         "处理记录",
	"dash.report.over_cap":      "超出每日上限",
	"dash.report.dispatched_to": "已转交",
	"dash.report.merged_into":   "合并到",

	"dash.redemption.expires": "过期时间",

	"dash.riders.search":    "姓名、编号或手机尾号",
	"dash.rider.registered": "报名时间",
	"dash.rider.decided":    "审核人",
	"dash.rider.available":  "可用积分",
	"dash.rider.held":       "冻结积分",
	"dash.rider.statement":  "月度对账单",
	"dash.rider.opening":    "期初",
	"dash.rider.earned":     "本月获得",
	"dash.rider.closing":    "期末",
	"dash.rider.ledger":     "积分流水（最近 200 条）",
	"dash.rider.reports":    "查看该骑手的上报",

	"dash.kind.award":      "上报奖励",
	"dash.kind.hold":       "兑换冻结",
	"dash.kind.post":       "兑换扣除",
	"dash.kind.void":       "冻结退回",
	"dash.kind.expire":     "过期退回",
	"dash.kind.reversal":   "撤销",
	"dash.kind.adjustment": "人工调整",

	"dash.map.hint":  "点击圆点在高德地图中打开位置。图中按坐标比例绘制，不含底图。",
	"dash.map.empty": "该时间段内没有带位置的上报。",
	"dash.map.open":  "在地图中打开",

	"dash.jobs.hint": "多次重试仍失败的后台任务。排除原因后可以重新排队。",

	"dash.table.summary": "月度汇总",
	"dash.table.reports": "上报明细",
	"dash.table.riders":  "骑手",
	"dash.table.ledger":  "积分流水",
	"dash.export.all":    "全部表格（每表一页）",
	"dash.export.hint":   "手机号默认隐去中间四位。",

	"dash.backup.download": "下载数据库备份",

	"dash.tokens.created":     "新令牌如下，只显示这一次，请立即妥善保存：",
	"dash.tokens.config":      "配置文件",
	"dash.tokens.stored":      "后台创建",
	"dash.tokens.active":      "有效",
	"dash.tokens.revoked":     "已吊销",
	"dash.tokens.config_hint": "在配置文件中删除即可吊销",
}
