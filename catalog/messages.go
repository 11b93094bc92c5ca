package catalog

// Message ids. Group by audience; keep ids stable (tests refer to them).
const (
	// General.
	Fallback           ID = "fallback"
	UnknownMessageType ID = "unknown_message_type"
	Help               ID = "help"
	Welcome            ID = "welcome"
	StaffWelcome       ID = "staff_welcome"
	RegisterGuide      ID = "register_guide"
	TooManyMessages    ID = "too_many_messages"
	TryAgainLater      ID = "try_again_later"

	// Official Account menu labels.
	MenuPhoto    ID = "menu_photo"
	MenuMyPoints ID = "menu_my_points"
	MenuRewards  ID = "menu_rewards"

	// Registration.
	RegisterUsage        ID = "register_usage"
	RegisterBadPhone     ID = "register_bad_phone"
	RegisterBadName      ID = "register_bad_name"
	RegisterActive       ID = "register_active"
	RegisterPending      ID = "register_pending"
	RegisterAlready      ID = "register_already"
	RegisterStillPending ID = "register_still_pending"
	RegisterRejected     ID = "register_rejected"
	RiderInactive        ID = "rider_inactive"
	OrphanPhotosAttached ID = "orphan_photos_attached"
	OrphanAskCategory    ID = "orphan_ask_category"
	RegistrationApproved ID = "registration_approved"
	RegistrationRejected ID = "registration_rejected"

	// Reports.
	PhotoReceived        ID = "photo_received"
	PhotoAskCategory     ID = "photo_ask_category"
	CategorySet          ID = "category_set"
	CategoryApplied      ID = "category_applied"
	CategoryNoPhoto      ID = "category_no_photo"
	LocationAttached     ID = "location_attached"
	LocationNoReport     ID = "location_no_report"
	LocationAsk          ID = "location_ask"
	OutcomeValid         ID = "outcome_valid"
	OutcomeDuplicate     ID = "outcome_duplicate"
	OutcomeBurst         ID = "outcome_burst"
	OutcomeUnusable      ID = "outcome_unusable"
	OutcomeRetake        ID = "outcome_retake"
	OutcomeOverCap       ID = "outcome_over_cap"
	OutcomeUnderReview   ID = "outcome_under_review"
	OutcomeNeedsLocation ID = "outcome_needs_location"
	OutcomeDownloadFail  ID = "outcome_download_failed"
	ReviewApproved       ID = "review_approved"
	ReviewRejected       ID = "review_rejected"
	ReportRevoked        ID = "report_revoked"
	ReportDispatched     ID = "report_dispatched"
	ReportResolved       ID = "report_resolved"
	PhotoRateLimited     ID = "photo_rate_limited"
	PhotoDayLimited      ID = "photo_day_limited"

	// Reports: the rider conversation (package chat).
	CategoryChoice        ID = "category_choice"
	CategoryNone          ID = "category_none"
	PhotoKeptUnregistered ID = "photo_kept_unregistered"
	PhotoKeptPending      ID = "photo_kept_pending"
	ReportStatusReceived  ID = "report_status.received"
	ReportStatusReview    ID = "report_status.pending_review"
	ReportStatusValid     ID = "report_status.valid"
	ReportStatusInvalid   ID = "report_status.invalid"
	ReportStatusDuplicate ID = "report_status.duplicate"
	ReportStatusSent      ID = "report_status.dispatched"
	ReportStatusResolved  ID = "report_status.resolved"

	// Photo reasons (one per photo.Reason code) and retake tips.
	ReasonTooLarge          ID = "reason.too_large"
	ReasonTooManyPixels     ID = "reason.too_many_pixels"
	ReasonUnsupportedFormat ID = "reason.unsupported_format"
	ReasonCorrupt           ID = "reason.corrupt"
	ReasonTooSmall          ID = "reason.too_small"
	ReasonBlank             ID = "reason.blank"
	ReasonTooDark           ID = "reason.too_dark"
	ReasonTooBright         ID = "reason.too_bright"
	ReasonBlurry            ID = "reason.blurry"
	ReasonRetakeBlurry      ID = "reason.retake_blurry"
	ReasonScreenshot        ID = "reason.screenshot"
	ReasonDuplicate         ID = "reason.duplicate"
	ReasonBurst             ID = "reason.burst"
	RetakeTip               ID = "retake_tip"

	// Balance, history, leaderboard.
	Balance          ID = "balance"
	BalanceHeld      ID = "balance_held"
	HistoryEmpty     ID = "history_empty"
	HistoryHeader    ID = "history_header"
	HistoryLine      ID = "history_line"
	LeaderboardEmpty ID = "leaderboard_empty"
	LeaderboardHead  ID = "leaderboard_header"
	LeaderboardLine  ID = "leaderboard_line"
	LeaderboardMine  ID = "leaderboard_mine"
	LeaderboardNone  ID = "leaderboard_mine_none"
	HistoryPoints    ID = "history_points"
	RankNone         ID = "rank_none"
	MonthLabel       ID = "month_label"

	// Rewards and redemptions.
	RewardsHeader        ID = "rewards_header"
	RewardsLine          ID = "rewards_line"
	RewardsFooter        ID = "rewards_footer"
	RewardsNone          ID = "rewards_none"
	RewardUnknown        ID = "reward_unknown"
	RedeemConfirm        ID = "redeem_confirm"
	RedeemShort          ID = "redeem_short"
	RedeemNothingToOK    ID = "redeem_nothing_to_confirm"
	RedeemCreated        ID = "redeem_created"
	RedeemCancelled      ID = "redeem_cancelled"
	RedeemCancelUnknown  ID = "redeem_cancel_unknown"
	RedeemMonthlyLimit   ID = "redeem_monthly_limit"
	RedeemOutOfStock     ID = "redeem_out_of_stock"
	RedemptionApproved   ID = "redemption_approved"
	RedemptionRejected   ID = "redemption_rejected"
	RedemptionExpired    ID = "redemption_expired"
	RedemptionFulfilled  ID = "redemption_fulfilled"
	RedemptionNotPending ID = "redemption_not_pending"
	RedeemCancelUsage    ID = "redeem_cancel_usage"
	RedeemDropped        ID = "redeem_dropped"

	// Staff.
	StaffOnly           ID = "staff_only"
	StaffHelp           ID = "staff_help"
	StaffTodoEmpty      ID = "staff_todo_empty"
	StaffTodoHeader     ID = "staff_todo_header"
	StaffTodoLine       ID = "staff_todo_line"
	StaffBadID          ID = "staff_bad_id"
	StaffNotFound       ID = "staff_not_found"
	StaffWrongState     ID = "staff_wrong_state"
	StaffDone           ID = "staff_done"
	StaffNeedReason     ID = "staff_need_reason"
	StaffVoucherOK      ID = "staff_voucher_ok"
	StaffVoucherUsed    ID = "staff_voucher_used"
	StaffVoucherUnknown ID = "staff_voucher_unknown"
	StaffNewRedemption  ID = "staff_new_redemption"
	StaffNewReport      ID = "staff_new_report"
	StaffNewRider       ID = "staff_new_rider"
	StaffReminder       ID = "staff_reminder"

	// Staff desk (package staff): replies, results, to-do lines.
	StaffRiderUnknown   ID = "staff_rider_unknown"
	StaffExampleReject  ID = "staff_example_reject"
	StaffExampleRevoke  ID = "staff_example_revoke"
	StaffReasonMissing  ID = "staff_reason_missing"
	StaffShort          ID = "staff_short"
	StaffBadInput       ID = "staff_bad_input"
	StaffDefaultReason  ID = "staff_default_reason"
	StaffPartnerDefault ID = "staff_partner_default"
	StaffVoucherUsage   ID = "staff_voucher_usage"
	StaffResultVoucher  ID = "staff_result_voucher"
	StaffResultAward    ID = "staff_result_award"
	StaffResultOverCap  ID = "staff_result_over_cap"
	StaffResultRevoked  ID = "staff_result_revoked"
	StaffResultMerged   ID = "staff_result_merged"
	StaffResultAdjusted ID = "staff_result_adjusted"
	StaffStepCategory   ID = "staff_step_category"
	StaffTodoRider      ID = "staff_todo_rider"
	StaffTodoRedemption ID = "staff_todo_redemption"
	StaffTodoReport     ID = "staff_todo_report"
	StaffTodoNearby     ID = "staff_todo_nearby"
	StaffTodoAge        ID = "staff_todo_age"
	StaffTodoMore       ID = "staff_todo_more"
	DurationMinutes     ID = "duration_minutes"
	DurationHours       ID = "duration_hours"
	DurationDays        ID = "duration_days"
	StatusUnknown       ID = "status_unknown"

	// Staff desk: what riders are told.
	ReportMerged       ID = "report_merged"
	ReportMergedReview ID = "report_merged_review"
	PointsAdjusted     ID = "points_adjusted"
	RiderDeactivated   ID = "rider_deactivated"

	// Status names of registrations and redemptions (reports: report_status.*).
	RiderStatusPending        ID = "rider_status.pending"
	RiderStatusActive         ID = "rider_status.active"
	RiderStatusRejected       ID = "rider_status.rejected"
	RiderStatusInactive       ID = "rider_status.inactive"
	RedemptionStatusPending   ID = "redemption_status.pending"
	RedemptionStatusApproved  ID = "redemption_status.approved"
	RedemptionStatusFulfilled ID = "redemption_status.fulfilled"
	RedemptionStatusRejected  ID = "redemption_status.rejected"
	RedemptionStatusCancelled ID = "redemption_status.cancelled"
	RedemptionStatusExpired   ID = "redemption_status.expired"

	// Exports (package staff). Headers list column names separated by "|".
	ExportSheetSummary       ID = "export.sheet_summary"
	ExportSheetReports       ID = "export.sheet_reports"
	ExportSheetRiders        ID = "export.sheet_riders"
	ExportSheetLedger        ID = "export.sheet_ledger"
	ExportHeaderReports      ID = "export.header_reports"
	ExportHeaderRiders       ID = "export.header_riders"
	ExportHeaderLedger       ID = "export.header_ledger"
	ExportHeaderCategory     ID = "export.header_category"
	ExportHeaderRiderSummary ID = "export.header_rider_summary"
	ExportSectionOverview    ID = "export.section_overview"
	ExportSectionCategory    ID = "export.section_category"
	ExportSectionRider       ID = "export.section_rider"
	ExportOverviewLabels     ID = "export.overview_labels"
	ExportTotal              ID = "export.total"
	LedgerKindAward          ID = "ledger_kind.award"
	LedgerKindHold           ID = "ledger_kind.hold"
	LedgerKindPost           ID = "ledger_kind.post"
	LedgerKindVoid           ID = "ledger_kind.void"
	LedgerKindExpire         ID = "ledger_kind.expire"
	LedgerKindReversal       ID = "ledger_kind.reversal"
	LedgerKindAdjustment     ID = "ledger_kind.adjustment"

	// Simulator: the local-mode chat page /sim/ (package simui).
	SimTitle         ID = "sim.title"
	SimBadge         ID = "sim.badge"
	SimRider         ID = "sim.rider"
	SimStaff         ID = "sim.staff"
	SimSwitch        ID = "sim.switch"
	SimPlaceholder   ID = "sim.placeholder"
	SimSend          ID = "sim.send"
	SimPhoto         ID = "sim.photo"
	SimLocation      ID = "sim.location"
	SimLocationFree  ID = "sim.location_free"
	SimLatitude      ID = "sim.latitude"
	SimLongitude     ID = "sim.longitude"
	SimPlaceName     ID = "sim.place_name"
	SimCancel        ID = "sim.cancel"
	SimSubscribe     ID = "sim.subscribe"
	SimKeyboard      ID = "sim.keyboard"
	SimMenu          ID = "sim.menu"
	SimEmpty         ID = "sim.empty"
	SimPlace1        ID = "sim.place1"
	SimPlace2        ID = "sim.place2"
	SimPlace3        ID = "sim.place3"
	SimDemoPoints    ID = "sim.demo_points"
	SimDemoNote      ID = "sim.demo_note"
	SimDemoGranted   ID = "sim.demo_granted"
	SimDemoRefused   ID = "sim.demo_refused"
	SimDemoActor     ID = "sim.demo_actor"
	SimDemoReason    ID = "sim.demo_reason"
	SimUndelivered   ID = "sim.undelivered"
	SimBadRequest    ID = "sim.bad_request"
	SimYouSentPhoto  ID = "sim.you_sent_photo"
	SimYouSentLoc    ID = "sim.you_sent_location"
	SimYouClicked    ID = "sim.you_clicked"
	SimYouSubscribed ID = "sim.you_subscribed"
	SimStaffFollowed ID = "sim.staff_followed"
)

// messages is the catalog. Templates use text/template syntax.
var messages = map[ID]string{
	Fallback:           "抱歉，系统有点忙，请稍后再试。发送「帮助」查看用法。",
	UnknownMessageType: "暂时只能处理文字、图片和位置消息哦。拍照上报请直接发送照片，发送「帮助」查看用法。",
	Help: "📷 随手拍用法：\n" +
		"1. 直接发送照片，或点菜单「随手拍」选择类别后拍照\n" +
		"2. 回复数字选择类别：1 安全隐患 / 2 占道经营 / 3 环境卫生\n" +
		"3. 发送位置，帮助我们找到问题\n" +
		"每张有效照片积 1 分。\n" +
		"常用指令：积分｜记录｜排行｜兑换｜帮助",
	Welcome:         "欢迎加入网格随手拍！骑手朋友们路上看到安全隐患、占道经营、环境卫生问题，拍照发给我们，每张有效照片积 1 分，积分可兑换理发等服务。\n{{.Guide}}",
	StaffWelcome:    "欢迎！您是社区工作人员，新的报名、兑换和上报会在这里通知您。\n{{.Guide}}",
	RegisterGuide:   "请先报名：发送「注册 姓名 手机号」，例如：注册 张三 13800000000",
	TooManyMessages: "消息有点多，请稍等一分钟再发哦。",
	TryAgainLater:   "系统正在处理，请稍后再试。",

	MenuPhoto:    "随手拍",
	MenuMyPoints: "我的积分",
	MenuRewards:  "兑换服务",

	RegisterUsage:        "报名格式：注册 姓名 手机号\n例如：注册 张三 13800000000",
	RegisterBadPhone:     "手机号格式不对，请填写 11 位大陆手机号，例如：注册 张三 13800000000",
	RegisterBadName:      "姓名请填写 1 到 20 个字，例如：注册 张三 13800000000",
	RegisterActive:       "报名成功！{{.Name}}（{{.Phone}}），编号 U{{.Seq}}。现在就可以拍照上报，每张有效照片积 1 分。",
	RegisterPending:      "报名已提交（{{.Name}}，{{.Phone}}，编号 U{{.Seq}}），社区工作人员审核后会通知您。",
	RegisterAlready:      "您已经报名过了（{{.Name}}，{{.Phone}}）。直接发送照片即可上报。",
	RegisterStillPending: "您的报名正在审核中，审核通过后会通知您。",
	RegisterRejected:     "很抱歉，您的报名未通过审核。如有疑问请联系社区工作人员。",
	RiderInactive:        "您的网格员身份已停用，如有疑问请联系社区工作人员。",
	OrphanPhotosAttached: "您报名前发送的 {{.Count}} 张照片已一并提交审核。",
	OrphanAskCategory:    "请回复数字为 {{.Labels}} 选择类别：\n{{.Choices}}",
	RegistrationApproved: "您的报名已通过审核（编号 U{{.Seq}}），现在就可以拍照上报啦！",
	RegistrationRejected: "很抱歉，您的报名未通过审核。原因：{{.Reason}}",

	PhotoReceived:        "📷 照片已收到（{{.Label}}，{{.Category}}），正在检查，稍后告诉您结果。",
	PhotoAskCategory:     "📷 照片已收到（{{.Label}}），正在检查。请回复数字选择类别：\n{{.Choices}}",
	CategorySet:          "已选择「{{.Category}}」，接下来 {{.Minutes}} 分钟内发送的照片都记为这一类。请拍照发送。",
	CategoryApplied:      "已将 {{.Labels}} 记为「{{.Category}}」。",
	CategoryNoPhoto:      "没有等待选择类别的照片。先发送照片，或先选类别再拍照。",
	LocationAttached:     "📍 位置已记录：{{.Label}}（{{.Reports}}）",
	LocationNoReport:     "📍 位置已记录，接下来发送的照片会带上这个位置。",
	LocationAsk:          "如方便，请发送位置（点「+」→「位置」），帮助工作人员找到问题。",
	OutcomeValid:         "✅ {{.Label}} 有效，+1 分！当前积分 {{.Balance}}，今日已得 {{.Today}}/{{.Cap}} 分。",
	OutcomeDuplicate:     "这张照片与 {{.When}} 提交的照片（{{.Original}}）重复，不重复计分。请拍摄新的问题。",
	OutcomeBurst:         "{{.Label}} 与您刚才拍的 {{.Original}} 是同一处，同一处只计一次分。",
	OutcomeUnusable:      "照片 {{.Label}} 无法计分：{{.Reason}}。{{.Tip}}",
	OutcomeRetake:        "照片 {{.Label}} 有点模糊，请对准问题重新拍一张清晰的照片。",
	OutcomeOverCap:       "✅ {{.Label}} 已记录，感谢上报！今日已达上限 {{.Cap}} 分，本张不再计分。",
	OutcomeUnderReview:   "{{.Label}} 已提交，工作人员审核后会通知您结果。",
	OutcomeNeedsLocation: "{{.Label}} 已收到，请发送位置（点「+」→「位置」）后才能计分。",
	OutcomeDownloadFail:  "照片 {{.Label}} 没能取回（可能已过期），请重新发送一次。",
	ReviewApproved:       "✅ {{.Label}} 审核通过，+{{.Points}} 分！当前积分 {{.Balance}}。",
	ReviewRejected:       "{{.Label}} 审核未通过：{{.Reason}}",
	ReportRevoked:        "{{.Label}} 的积分已撤销：{{.Reason}}",
	ReportDispatched:     "您上报的 {{.Label}} 已转交{{.To}}处理。",
	ReportResolved:       "👍 您上报的 {{.Label}}（{{.Category}}）已处理完毕，感谢您为社区出力！",
	PhotoRateLimited:     "照片发得太快啦，请稍等一分钟再发。刚才的照片已保存。",
	PhotoDayLimited:      "今天发送的照片已达 {{.Limit}} 张，明天再来吧！",

	// Rider conversation (package chat).
	CategoryChoice:        "{{.N}} {{.Name}}",
	CategoryNone:          "未分类",
	PhotoKeptUnregistered: "📷 照片已保存。请先报名：发送「注册 姓名 手机号」，例如：注册 张三 13800000000。报名后这张照片会一并提交。",
	PhotoKeptPending:      "📷 照片已收到（{{.Label}}），报名审核通过后一并计分。",
	ReportStatusReceived:  "检查中",
	ReportStatusReview:    "待审核",
	ReportStatusValid:     "有效",
	ReportStatusInvalid:   "无效",
	ReportStatusDuplicate: "重复",
	ReportStatusSent:      "已转交",
	ReportStatusResolved:  "已处理",

	ReasonTooLarge:          "照片太大（超过 10MB）",
	ReasonTooManyPixels:     "照片尺寸太大",
	ReasonUnsupportedFormat: "只支持 JPG、PNG、GIF 格式的照片",
	ReasonCorrupt:           "照片文件已损坏，无法打开",
	ReasonTooSmall:          "照片太小，看不清细节",
	ReasonBlank:             "照片几乎是纯色，看不到内容",
	ReasonTooDark:           "照片太暗",
	ReasonTooBright:         "照片过曝太亮",
	ReasonBlurry:            "照片太模糊",
	ReasonRetakeBlurry:      "照片有点模糊",
	ReasonScreenshot:        "这像是手机截图，请拍摄现场照片",
	ReasonDuplicate:         "与已提交的照片重复",
	ReasonBurst:             "与刚才的照片是同一处",
	RetakeTip:               "小提示：对准问题、稳住手机，光线充足时拍摄效果最好。",

	Balance:          "💰 我的积分：{{.Balance}} 分\n可用：{{.Available}} 分{{.Held}}\n本月获得：{{.Month}} 分，本月排名：{{.Rank}}",
	BalanceHeld:      "（{{.Held}} 分兑换审核中）",
	HistoryEmpty:     "还没有上报记录。看到问题拍照发送即可！",
	HistoryHeader:    "最近的上报：",
	HistoryLine:      "{{.Label}} {{.Time}} {{.Category}} {{.Status}} {{.Points}}",
	LeaderboardEmpty: "本月还没有人得分，快来拍第一张吧！",
	LeaderboardHead:  "🏆 {{.Month}} 积分排行：",
	LeaderboardLine:  "{{.Rank}}. {{.Name}} {{.Points}} 分",
	LeaderboardMine:  "您本月 {{.Points}} 分，排名第 {{.Rank}}。",
	LeaderboardNone:  "您本月还没有得分，拍一张试试吧！",
	HistoryPoints:    "+{{.Points}} 分",
	RankNone:         "暂无",
	MonthLabel:       "{{.Year}}年{{.Month}}月",

	RewardsHeader:        "🎁 可兑换服务（您可用 {{.Available}} 分）：",
	RewardsLine:          "{{.N}}. {{.Name}} — {{.Cost}} 分（{{.Partner}}）{{.Note}}",
	RewardsFooter:        "回复「兑换 序号」兑换，例如：兑换 1",
	RewardsNone:          "暂时没有可兑换的服务。",
	RewardUnknown:        "没有这个序号的服务，发送「兑换」查看列表。",
	RedeemConfirm:        "兑换「{{.Name}}」需要 {{.Cost}} 分，兑换后剩余 {{.Remaining}} 分。回复「确认」提交兑换申请。",
	RedeemShort:          "积分不足：兑换「{{.Name}}」需要 {{.Cost}} 分，您可用 {{.Available}} 分，还差 {{.Missing}} 分。",
	RedeemNothingToOK:    "没有待确认的兑换。发送「兑换」查看可兑换的服务。",
	RedeemCreated:        "兑换申请 {{.Label}} 已提交（{{.Name}}，{{.Cost}} 分已冻结），工作人员审核后会发给您券码。取消请回复「取消 {{.Label}}」。",
	RedeemCancelled:      "兑换申请 {{.Label}} 已取消，{{.Cost}} 分已退回。",
	RedeemCancelUnknown:  "没有找到可以取消的兑换申请 {{.Label}}。",
	RedeemMonthlyLimit:   "「{{.Name}}」每月最多兑换 {{.Limit}} 次，本月已用完。",
	RedeemOutOfStock:     "「{{.Name}}」已兑完，请选择其他服务。",
	RedemptionApproved:   "🎉 兑换申请 {{.Label}}（{{.Name}}）已通过！券码：{{.Voucher}}\n请到{{.Partner}}出示券码使用。",
	RedemptionRejected:   "兑换申请 {{.Label}} 未通过：{{.Reason}}。{{.Cost}} 分已退回。",
	RedemptionExpired:    "兑换申请 {{.Label}} 已过期，{{.Cost}} 分已退回。",
	RedemptionFulfilled:  "券码 {{.Voucher}}（{{.Name}}）已使用，欢迎下次再来！",
	RedemptionNotPending: "兑换申请 {{.Label}} 当前状态是「{{.Status}}」，不能这样操作。",
	RedeemCancelUsage:    "请写明要取消的兑换编号，例如：取消 R12",
	RedeemDropped:        "好的，本次兑换已放弃，积分未扣除。",

	StaffOnly:           "该指令仅限社区工作人员使用。",
	StaffHelp:           "工作人员指令：\n待办｜通过 ID｜拒绝 ID 原因｜核销 券码｜撤销 P编号 原因\nID 前缀：U 报名，R 兑换，P 上报",
	StaffTodoEmpty:      "暂无待办事项 👍",
	StaffTodoHeader:     "待办事项（{{.Count}}）：",
	StaffTodoLine:       "{{.Label}} {{.Text}}",
	StaffBadID:          "请写明编号，例如：通过 R12、拒绝 P3 照片不清楚。",
	StaffNotFound:       "没有找到 {{.Label}}。",
	StaffWrongState:     "{{.Label}} 当前状态是「{{.Status}}」，不能这样操作。",
	StaffDone:           "已处理 {{.Label}}：{{.Result}}",
	StaffNeedReason:     "请写明原因，例如：{{.Example}}",
	StaffVoucherOK:      "✅ 核销成功：{{.Voucher}}，{{.Name}}，{{.Rider}}。",
	StaffVoucherUsed:    "券码 {{.Voucher}} 已于 {{.When}} 使用过，不能重复核销。",
	StaffVoucherUnknown: "券码 {{.Voucher}} 不存在，请核对。",
	StaffNewRedemption:  "新兑换申请 {{.Label}}：{{.Rider}} 兑换「{{.Name}}」（{{.Cost}} 分）。回复「通过 {{.Label}}」或「拒绝 {{.Label}} 原因」。",
	StaffNewReport:      "新上报待审核 {{.Label}}：{{.Rider}}，{{.Category}}。回复「通过 {{.Label}}」或「拒绝 {{.Label}} 原因」。",
	StaffNewRider:       "新报名待审核 {{.Label}}：{{.Name}}（{{.Phone}}）。回复「通过 {{.Label}}」或「拒绝 {{.Label}} 原因」。",
	StaffReminder:       "提醒：兑换申请 {{.Label}}（{{.Rider}}，{{.Name}}）已等待 {{.Hours}} 小时，将于 {{.Expires}} 过期。",

	StaffRiderUnknown:   "没有找到这位骑手。",
	StaffExampleReject:  "拒绝 {{.Label}} 照片不清楚",
	StaffExampleRevoke:  "撤销 {{.Label}} 重复上报",
	StaffReasonMissing:  "请写明原因，骑手会收到这条说明。",
	StaffShort:          "骑手可用积分只有 {{.Have}} 分，不够扣除 {{.Need}} 分。",
	StaffBadInput:       "填写的内容不完整或不正确，请检查后重试。",
	StaffDefaultReason:  "如有疑问请联系社区工作人员",
	StaffPartnerDefault: "合作商家",
	StaffVoucherUsage:   "请写明券码，例如：核销 7K3M9Q2X",
	StaffResultVoucher:  "已通过，券码 {{.Voucher}}",
	StaffResultAward:    "有效，+{{.Points}} 分",
	StaffResultOverCap:  "有效（骑手今日已达积分上限，本张不计分）",
	StaffResultRevoked:  "已记为无效，撤回 {{.Points}} 分",
	StaffResultMerged:   "已合并到 {{.Into}}",
	StaffResultAdjusted: "积分已调整 {{.Delta}} 分",
	StaffStepCategory:   "类别改为「{{.Category}}」",
	StaffTodoRider:      "报名：{{.Name}}（{{.Phone}}）",
	StaffTodoRedemption: "兑换：{{.Rider}}「{{.Name}}」{{.Cost}} 分，{{.Expires}} 过期",
	StaffTodoReport:     "上报：{{.Rider}}，{{.Category}}{{.Nearby}}",
	StaffTodoNearby:     "，疑似与 {{.Labels}} 重复",
	StaffTodoAge:        "，已等待 {{.Age}}",
	StaffTodoMore:       "……还有 {{.Count}} 项，请到管理后台查看。",
	DurationMinutes:     "{{.N}} 分钟",
	DurationHours:       "{{.N}} 小时",
	DurationDays:        "{{.N}} 天",
	StatusUnknown:       "未知",

	ReportMerged:       "您上报的 {{.Label}} 与 {{.Into}} 是同一个问题，已合并处理，已得积分保留。",
	ReportMergedReview: "您上报的 {{.Label}} 与 {{.Into}} 是同一个问题，已合并处理，不重复计分。",
	PointsAdjusted:     "积分调整 {{.Delta}} 分：{{.Reason}}。当前积分 {{.Balance}}。",
	RiderDeactivated:   "您的网格员身份已停用：{{.Reason}}。如有疑问请联系社区工作人员。",

	RiderStatusPending:        "待审核",
	RiderStatusActive:         "已通过",
	RiderStatusRejected:       "未通过",
	RiderStatusInactive:       "已停用",
	RedemptionStatusPending:   "待审核",
	RedemptionStatusApproved:  "已通过",
	RedemptionStatusFulfilled: "已使用",
	RedemptionStatusRejected:  "未通过",
	RedemptionStatusCancelled: "已取消",
	RedemptionStatusExpired:   "已过期",

	ExportSheetSummary:       "月度汇总",
	ExportSheetReports:       "上报明细",
	ExportSheetRiders:        "骑手",
	ExportSheetLedger:        "积分流水",
	ExportHeaderReports:      "编号|上报时间|骑手编号|骑手姓名|手机号|类别|状态|积分|位置|纬度|经度|疑似重复|合并到|转交至|最后处理人|最后处理时间|处理说明",
	ExportHeaderRiders:       "编号|姓名|手机号|状态|报名时间|本月上报|本月有效|本月积分|当前积分|可用积分",
	ExportHeaderLedger:       "流水号|时间|类型|骑手编号|骑手姓名|积分变动|可用积分变动|关联|操作人|原因",
	ExportHeaderCategory:     "类别|上报|有效|待审核|无效|重复|已转交|已处理|发放积分",
	ExportHeaderRiderSummary: "骑手编号|姓名|上报|有效|本月积分",
	ExportSectionOverview:    "总览",
	ExportSectionCategory:    "按类别",
	ExportSectionRider:       "按骑手",
	ExportOverviewLabels:     "上报总数|有效上报|参与骑手|新报名骑手|本月发放积分|兑换次数|兑换积分",
	ExportTotal:              "合计",
	LedgerKindAward:          "上报奖励",
	LedgerKindHold:           "兑换冻结",
	LedgerKindPost:           "兑换扣除",
	LedgerKindVoid:           "兑换退回",
	LedgerKindExpire:         "过期退回",
	LedgerKindReversal:       "撤销奖励",
	LedgerKindAdjustment:     "人工调整",

	// Simulator (package simui).
	SimTitle:         "网格随手拍",
	SimBadge:         "本地模拟 · 非真实微信",
	SimRider:         "骑手 {{.N}}",
	SimStaff:         "工作人员 · {{.Name}}",
	SimSwitch:        "切换身份",
	SimPlaceholder:   "输入文字",
	SimSend:          "发送",
	SimPhoto:         "照片",
	SimLocation:      "位置",
	SimLocationFree:  "自定义位置",
	SimLatitude:      "纬度",
	SimLongitude:     "经度",
	SimPlaceName:     "地点名称",
	SimCancel:        "取消",
	SimSubscribe:     "关注公众号",
	SimKeyboard:      "键盘",
	SimMenu:          "菜单",
	SimEmpty:         "还没有消息。先点「关注公众号」，再发送「注册 姓名 手机号」。",
	SimPlace1:        "社区服务中心门口",
	SimPlace2:        "菜市场东门",
	SimPlace3:        "实验小学路口",
	SimDemoPoints:    "演示：赠送 {{.Points}} 积分",
	SimDemoNote:      "仅本地模式：以「模拟器」名义记一笔人工调整，方便体验兑换。",
	SimDemoGranted:   "【本地演示】模拟器通过人工调整赠送 {{.Points}} 积分，当前积分 {{.Balance}}。",
	SimDemoRefused:   "【本地演示】赠送失败，请先注册或稍后再试。",
	SimDemoActor:     "模拟器",
	SimDemoReason:    "本地演示赠送积分",
	SimUndelivered:   "该公众号暂时无法提供服务，请稍后再试",
	SimBadRequest:    "消息没有发出，请检查后重试。",
	SimYouSentPhoto:  "[图片]",
	SimYouSentLoc:    "[位置] {{.Label}}",
	SimYouClicked:    "[菜单] {{.Name}}",
	SimYouSubscribed: "[已关注公众号]",
	SimStaffFollowed: "【模拟器】已替工作人员关注公众号，以便及时收到通知。",
}
