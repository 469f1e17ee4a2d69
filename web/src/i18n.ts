/**
 * All UI strings, Vietnamese first, English as a choice. The English table is typed
 * against the Vietnamese keys, so a missing translation fails the type check; a unit
 * test checks the same at run time (and that no string is empty).
 */
import type { Lang } from './format';

export type { Lang } from './format';

const vi = {
  appTitle: 'Giám sát giải quyết hồ sơ thủ tục hành chính',
  appShortTitle: 'Giám sát hồ sơ TTHC',
  language: 'Ngôn ngữ',
  langVi: 'Tiếng Việt',
  langEn: 'English',

  // Live figures
  pending: 'Đang giải quyết',
  inTime: 'Trong hạn',
  dueSoon: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  paused: 'Tạm dừng',
  overdueWithoutApology: 'Quá hạn chưa xin lỗi',
  today: 'Hôm nay',
  todayOn: 'Hôm nay ({date})',
  received: 'Tiếp nhận',
  completed: 'Đã giải quyết',
  completedToday: 'Đã giải quyết hôm nay',
  early: 'Trước hạn',
  onTime: 'Đúng hạn',
  late: 'Trễ hạn',
  withdrawn: 'Rút hồ sơ',
  onTimeRate: 'Tỷ lệ đúng hạn',
  onTimeRateNote: '(trước hạn + đúng hạn) / đã giải quyết',
  onTimeRateOf: 'đúng hạn {rate}',
  total: 'Tổng',
  ofWhich: 'trong đó',

  // Connection state
  updatedAt: 'Cập nhật lúc',
  disconnected: 'Mất kết nối',
  reconnecting: 'Mất kết nối — đang kết nối lại…',
  connecting: 'Đang kết nối…',
  live: 'Trực tuyến',
  lagging: 'Số liệu đứng ở {asOf}, đồng hồ máy chủ {server}: bộ xử lý có thể đang dừng.',
  serverMessage: 'Máy chủ báo: {message}',

  // Login
  login: 'Đăng nhập',
  logout: 'Đăng xuất',
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  loginTitle: 'Đăng nhập hệ thống',
  loginFailed: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  signedInAs: 'Người dùng: {name}',

  // Navigation
  overview: 'Tổng quan',
  report: 'Báo cáo',
  viewReport: 'Xem báo cáo',
  breadcrumb: 'Đường dẫn',
  chooseRoot: 'Chọn đơn vị',
  backToOverview: 'Về trang tổng quan',
  notFound: 'Không tìm thấy trang.',
  loading: 'Đang tải…',
  retry: 'Thử lại',
  refresh: 'Làm mới',

  // Units
  unit: 'Đơn vị',
  childUnits: 'Đơn vị trực thuộc',
  noChildren: 'Đơn vị này không có đơn vị trực thuộc.',
  noUnits: 'Tài khoản này chưa được giao đơn vị nào.',
  unknownUnit: 'Không tìm thấy đơn vị "{unitId}".',
  liveFigures: 'Số liệu trực tuyến',
  sortHint: 'Bấm tiêu đề cột để sắp xếp.',
  sortedDesc: 'giảm dần',
  sortedAsc: 'tăng dần',
  overdueByUnit: 'Hồ sơ quá hạn theo đơn vị (15 đơn vị nhiều nhất)',
  noOverdue: 'Không có hồ sơ quá hạn.',

  // Dossiers
  dossiersToChase: 'Hồ sơ cần xử lý',
  colCode: 'Mã hồ sơ',
  colStatus: 'Trạng thái',
  colHoldingUnit: 'Đơn vị xử lý',
  colField: 'Lĩnh vực',
  colChannel: 'Kênh nộp',
  colReceived: 'Ngày tiếp nhận',
  colDue: 'Hạn trả',
  colDaysOverdue: 'Số ngày quá hạn',
  colApology: 'Thư xin lỗi',
  apologySent: 'Đã gửi',
  apologyNotSent: 'Chưa gửi',
  channelONLINE: 'Trực tuyến',
  channelIN_PERSON: 'Trực tiếp',
  channelPOSTAL: 'Bưu chính công ích',
  shownOf: 'Hiển thị {shown} trên {total} hồ sơ {bucket}.',
  noDossiers: 'Không có hồ sơ quá hạn, sắp đến hạn hay tạm dừng.',

  // Report
  reportTitle: 'Báo cáo tình hình giải quyết hồ sơ',
  reportFrom: 'Từ ngày',
  reportTo: 'Đến ngày',
  reportShow: 'Xem báo cáo',
  reportPrint: 'In',
  reportPeriod: 'Kỳ báo cáo: từ ngày {from} đến ngày {to}',
  reportLine: 'Chỉ tiêu',
  reportFigure: 'Số liệu',
  reportRate: 'Tỷ lệ',
  rReceived: 'Số hồ sơ tiếp nhận trong kỳ',
  rOnline: 'trực tuyến',
  rInPersonPostal: 'trực tiếp và qua bưu chính công ích',
  rInPerson: 'trực tiếp',
  rPostal: 'qua bưu chính công ích',
  rCarriedOver: 'Số hồ sơ kỳ trước chuyển sang',
  rTransferredIn: 'Hồ sơ liên thông từ đơn vị khác chuyển đến',
  rTransferredOut: 'Hồ sơ chuyển xử lý sang đơn vị khác',
  rCompleted: 'Số hồ sơ đã giải quyết',
  rEarly: 'trả trước hạn',
  rOnTime: 'đúng hạn',
  rLate: 'quá hạn (trễ hạn)',
  rRateDenominator: 'tỷ lệ trên số hồ sơ đã giải quyết',
  rWithdrawn: 'Số hồ sơ rút (hoặc bị từ chối)',
  rPendingAtEnd: 'Số hồ sơ đang giải quyết cuối kỳ',
  rPendingInTime: 'trong hạn',
  rPendingOverdue: 'quá hạn',
  rPendingPaused: 'tạm dừng (chờ bổ sung)',
  rProgress: 'Điểm tiến độ giải quyết (QĐ 766/QĐ-TTg)',
  rProgressNote: 'ước tính nhóm chỉ số tiến độ, thang điểm 20',
  rInvariant: 'Kiểm tra cân đối',
  rInvariantFormula:
    'kỳ trước chuyển sang + tiếp nhận + liên thông đến = đã giải quyết + rút + chuyển đi + đang giải quyết cuối kỳ',
  rInvariantOk: '✓ Số liệu cân đối: {left} = {right}',
  rInvariantBad: '⚠ Số liệu không cân đối: {left} ≠ {right} (chênh lệch {diff})',
  rSubtotalBad: '⚠ {line}: tổng {total} khác tổng các thành phần {sum}',
  invalidDate: 'Ngày không hợp lệ.',
  fromAfterTo: 'Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.',

  // Navigation in the header
  mainMenu: 'Chức năng',
  navWall: 'Màn hình treo tường',
  navDisplays: 'Quản lý màn hình',

  // Wall display
  wallLabel: 'Màn hình tổng hợp',
  wallProgress766: 'Điểm tiến độ tháng này',
  wallProgressNote: 'thang 20 · QĐ 766 (ước tính) · {from} – {to}',
  wallRankOverdue: 'Nhiều hồ sơ quá hạn nhất',
  wallRankOnTime: 'Tỷ lệ đúng hạn hôm nay thấp nhất',
  wallRankOnTimeNote: 'trong các đơn vị có hồ sơ giải quyết hôm nay',
  wallNoCompletions: 'Hôm nay chưa đơn vị nào giải quyết hồ sơ.',
  wallTreemap: 'Tỷ lệ quá hạn trên số đang giải quyết, theo đơn vị',
  wallTreemapNote: 'Diện tích ô: số hồ sơ đang giải quyết',
  wallTrend: 'Diễn biến 30 ngày',
  wallRotation: 'Đơn vị {index}/{count}',
  overdueShare: 'Tỷ lệ quá hạn',
  tileOverdue: 'Quá hạn: {count} ({share})',
  tileNoPending: 'Không có hồ sơ đang giải quyết',
  legendNoPending: 'không có hồ sơ',
  legendNone: 'không quá hạn',
  legendOverdueCount: 'số hồ sơ quá hạn',
  lateOfCompleted: 'Trễ hạn / tổng',
  rankNo: 'Hạng',
  trendReceived: 'Tiếp nhận trong ngày',
  trendCompleted: 'Giải quyết trong ngày',
  trendOverdueEnd: 'Quá hạn cuối ngày',
  trendPendingEnd: 'Đang giải quyết cuối ngày',
  perDay: 'Hồ sơ/ngày',
  chartError: 'Không vẽ được biểu đồ: {message}',

  // History in the unit view
  historyTitle: 'Diễn biến theo ngày',
  historyShow: 'Xem',
  historyTooLong: 'Chỉ xem được tối đa 400 ngày một lần.',

  // CSV
  reportCsv: 'Tải tệp CSV',

  // Data quality
  qualityTitle: 'Chất lượng dữ liệu đầu vào',
  qualitySummary: '{rejected} bản ghi bị loại, {duplicate} trùng lặp, {late} đến muộn',
  qualityRejected: 'Bản ghi bị loại (chuyển sang hàng đợi lỗi)',
  qualityOther: 'Được ghi nhận, không bị loại',
  qualityReason: 'Lý do',
  qualityCode: 'Mã',
  qualityCount: 'Số lượng',
  qualityAsOf: 'Tổng cộng dồn, số liệu lúc {time}',
  qualityUnknown: 'Lý do khác',
  qINVALID_JSON: 'JSON không hợp lệ',
  qNOT_AN_OBJECT: 'Bản ghi không phải đối tượng JSON',
  qMISSING_FIELD: 'Thiếu trường bắt buộc',
  qINVALID_VALUE: 'Giá trị không hợp lệ',
  qUNKNOWN_UNIT: 'Đơn vị không có trong danh mục',
  qNOT_RECEIVED: 'Sự kiện của hồ sơ chưa được tiếp nhận',
  qBEFORE_RECEIVED: 'Sự kiện xảy ra trước khi tiếp nhận',
  qSECOND_RECEIVED: 'Tiếp nhận lần thứ hai',
  qPAUSED_WHILE_PAUSED: 'Tạm dừng khi đang tạm dừng',
  qRESUMED_WHILE_RUNNING: 'Tiếp tục khi không tạm dừng',
  qAFTER_WITHDRAWN: 'Sự kiện sau khi đã rút hồ sơ',
  qAFTER_COMPLETED: 'Sự kiện sau khi đã giải quyết',
  qRETURNED_BEFORE_COMPLETED: 'Trả kết quả khi chưa giải quyết xong',
  qduplicate: 'Trùng lặp',
  qlate: 'Đến muộn',

  // Display tokens
  displaysTitle: 'Màn hình hiển thị (treo tường)',
  displaysIntro:
    'Mỗi màn hình có một đường dẫn riêng: mở đường dẫn trên trình duyệt của màn hình là xem được, không cần đăng nhập, chỉ xem được đơn vị đã chọn. Đường dẫn chỉ hiện một lần; thu hồi khi không dùng nữa.',
  displayNew: 'Tạo màn hình mới',
  displayName: 'Tên màn hình',
  displayUnit: 'Đơn vị hiển thị',
  displayCreate: 'Tạo đường dẫn',
  displayCreated: 'Đã tạo màn hình "{name}". Sao chép đường dẫn dưới đây và mở trên máy của màn hình; đường dẫn sẽ không hiện lại.',
  displayCopy: 'Sao chép',
  displayCopied: 'Đã sao chép.',
  displayCopyFailed: 'Không sao chép được, hãy chọn và sao chép bằng tay.',
  displayRevoke: 'Thu hồi',
  displayRevoked: 'Đã thu hồi màn hình "{name}".',
  displaysNone: 'Chưa có màn hình nào.',
  displaysList: 'Các màn hình đang dùng',
  colDisplayName: 'Tên',
  colUnits: 'Đơn vị',
  colCreatedAt: 'Ngày tạo',
  colLink: 'Đường dẫn',
  colActions: 'Thao tác',
  displayNameRequired: 'Hãy nhập tên màn hình.',
  adminOnly: 'Chỉ quản trị viên được dùng trang này.',

  // Errors
  errorBadRequest: 'Yêu cầu không hợp lệ: {message}',
  errorForbidden: 'Bạn không có quyền xem đơn vị này.',
  errorNotFound: 'Không tìm thấy: {message}',
  errorUnavailable: 'Hệ thống đang khởi động hoặc tạm thời không phục vụ được. Vui lòng thử lại sau.',
  errorNetwork: 'Không kết nối được tới máy chủ.',
  errorOther: 'Có lỗi ({status}): {message}',
} as const;

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  appTitle: 'Administrative dossier SLA monitor',
  appShortTitle: 'Dossier SLA monitor',
  language: 'Language',
  langVi: 'Tiếng Việt',
  langEn: 'English',

  pending: 'Pending',
  inTime: 'In time',
  dueSoon: 'Due soon',
  overdue: 'Overdue',
  paused: 'Paused',
  overdueWithoutApology: 'Overdue, no apology',
  today: 'Today',
  todayOn: 'Today ({date})',
  received: 'Received',
  completed: 'Completed',
  completedToday: 'Completed today',
  early: 'Early',
  onTime: 'On time',
  late: 'Late',
  withdrawn: 'Withdrawn',
  onTimeRate: 'On-time rate',
  onTimeRateNote: '(early + on time) / completed',
  onTimeRateOf: 'on time {rate}',
  total: 'Total',
  ofWhich: 'of which',

  updatedAt: 'Updated at',
  disconnected: 'Connection lost',
  reconnecting: 'Connection lost — reconnecting…',
  connecting: 'Connecting…',
  live: 'Live',
  lagging: 'Figures are as of {asOf} while the server clock says {server}: processing may have stopped.',
  serverMessage: 'Server says: {message}',

  login: 'Log in',
  logout: 'Log out',
  username: 'Username',
  password: 'Password',
  loginTitle: 'Sign in',
  loginFailed: 'Wrong username or password.',
  signedInAs: 'User: {name}',

  overview: 'Overview',
  report: 'Report',
  viewReport: 'View report',
  breadcrumb: 'Breadcrumb',
  chooseRoot: 'Choose unit',
  backToOverview: 'Back to the overview',
  notFound: 'Page not found.',
  loading: 'Loading…',
  retry: 'Retry',
  refresh: 'Refresh',

  unit: 'Unit',
  childUnits: 'Units below',
  noChildren: 'This unit has no units below it.',
  noUnits: 'No unit is assigned to this account.',
  unknownUnit: 'Unit "{unitId}" not found.',
  liveFigures: 'Live figures',
  sortHint: 'Click a column heading to sort.',
  sortedDesc: 'descending',
  sortedAsc: 'ascending',
  overdueByUnit: 'Overdue dossiers by unit (top 15)',
  noOverdue: 'No overdue dossiers.',

  dossiersToChase: 'Dossiers to chase',
  colCode: 'Dossier code',
  colStatus: 'Status',
  colHoldingUnit: 'Holding unit',
  colField: 'Field',
  colChannel: 'Channel',
  colReceived: 'Received',
  colDue: 'Due',
  colDaysOverdue: 'Days overdue',
  colApology: 'Apology letter',
  apologySent: 'Sent',
  apologyNotSent: 'Not sent',
  channelONLINE: 'Online',
  channelIN_PERSON: 'In person',
  channelPOSTAL: 'Postal',
  shownOf: 'Showing {shown} of {total} {bucket} dossiers.',
  noDossiers: 'No overdue, due-soon or paused dossiers.',

  reportTitle: 'Dossier processing report',
  reportFrom: 'From',
  reportTo: 'To',
  reportShow: 'Show report',
  reportPrint: 'Print',
  reportPeriod: 'Period: {from} to {to}',
  reportLine: 'Line',
  reportFigure: 'Figure',
  reportRate: 'Rate',
  rReceived: 'Dossiers received in the period',
  rOnline: 'online',
  rInPersonPostal: 'in person and by public postal service',
  rInPerson: 'in person',
  rPostal: 'by public postal service',
  rCarriedOver: 'Carried over from the previous period',
  rTransferredIn: 'Transferred in from other units',
  rTransferredOut: 'Transferred out to other units',
  rCompleted: 'Dossiers completed',
  rEarly: 'returned early',
  rOnTime: 'on time',
  rLate: 'late',
  rRateDenominator: 'rates of dossiers completed',
  rWithdrawn: 'Withdrawn (or refused)',
  rPendingAtEnd: 'Pending at the end of the period',
  rPendingInTime: 'in time',
  rPendingOverdue: 'overdue',
  rPendingPaused: 'paused (awaiting supplement)',
  rProgress: 'Progress score (Decision 766/QĐ-TTg)',
  rProgressNote: 'approximation of the progress group, out of 20 points',
  rInvariant: 'Reconciliation',
  rInvariantFormula: 'carried over + received + transferred in = completed + withdrawn + transferred out + pending at end',
  rInvariantOk: '✓ Figures reconcile: {left} = {right}',
  rInvariantBad: '⚠ Figures do not reconcile: {left} ≠ {right} (difference {diff})',
  rSubtotalBad: '⚠ {line}: total {total} differs from the sum of its parts {sum}',
  invalidDate: 'Invalid date.',
  fromAfterTo: 'The start date must not be after the end date.',

  mainMenu: 'Menu',
  navWall: 'Wall display',
  navDisplays: 'Displays',

  wallLabel: 'Summary display',
  wallProgress766: 'Progress score this month',
  wallProgressNote: 'out of 20 · Decision 766 (approx.) · {from} – {to}',
  wallRankOverdue: 'Most overdue dossiers',
  wallRankOnTime: 'Lowest on-time rate today',
  wallRankOnTimeNote: 'among units that completed dossiers today',
  wallNoCompletions: 'No unit has completed a dossier today.',
  wallTreemap: 'Overdue share of pending dossiers, by unit',
  wallTreemapNote: 'Tile area: pending dossiers',
  wallTrend: 'Last 30 days',
  wallRotation: 'Unit {index} of {count}',
  overdueShare: 'Overdue share',
  tileOverdue: 'Overdue: {count} ({share})',
  tileNoPending: 'Nothing pending',
  legendNoPending: 'nothing pending',
  legendNone: 'none overdue',
  legendOverdueCount: 'overdue dossiers',
  lateOfCompleted: 'Late / total',
  rankNo: 'Rank',
  trendReceived: 'Received per day',
  trendCompleted: 'Completed per day',
  trendOverdueEnd: 'Overdue at end of day',
  trendPendingEnd: 'Pending at end of day',
  perDay: 'Dossiers per day',
  chartError: 'The chart cannot be drawn: {message}',

  historyTitle: 'Day by day',
  historyShow: 'Show',
  historyTooLong: 'At most 400 days at a time.',

  reportCsv: 'Download CSV',

  qualityTitle: 'Input data quality',
  qualitySummary: '{rejected} records refused, {duplicate} duplicates, {late} late',
  qualityRejected: 'Refused records (sent to the dead-letter topic)',
  qualityOther: 'Counted, not refused',
  qualityReason: 'Reason',
  qualityCode: 'Code',
  qualityCount: 'Count',
  qualityAsOf: 'Running totals as of {time}',
  qualityUnknown: 'Other reason',
  qINVALID_JSON: 'Invalid JSON',
  qNOT_AN_OBJECT: 'Not a JSON object',
  qMISSING_FIELD: 'Required field missing',
  qINVALID_VALUE: 'Invalid value',
  qUNKNOWN_UNIT: 'Unit not in the registry',
  qNOT_RECEIVED: 'Event for a dossier never received',
  qBEFORE_RECEIVED: 'Event before the dossier was received',
  qSECOND_RECEIVED: 'Received a second time',
  qPAUSED_WHILE_PAUSED: 'Paused while already paused',
  qRESUMED_WHILE_RUNNING: 'Resumed while not paused',
  qAFTER_WITHDRAWN: 'Event after withdrawal',
  qAFTER_COMPLETED: 'Event after completion',
  qRETURNED_BEFORE_COMPLETED: 'Returned before completion',
  qduplicate: 'Duplicate',
  qlate: 'Late arrival',

  displaysTitle: 'Wall displays',
  displaysIntro:
    'Each display has its own link: opening it in the display\'s browser shows the chosen unit, read-only, without logging in. The link is shown only once; revoke it when the display is retired.',
  displayNew: 'New display',
  displayName: 'Display name',
  displayUnit: 'Unit shown',
  displayCreate: 'Create link',
  displayCreated: 'Display "{name}" created. Copy the link below and open it on the display\'s computer; it will not be shown again.',
  displayCopy: 'Copy',
  displayCopied: 'Copied.',
  displayCopyFailed: 'Could not copy; select the link and copy it by hand.',
  displayRevoke: 'Revoke',
  displayRevoked: 'Display "{name}" revoked.',
  displaysNone: 'No displays yet.',
  displaysList: 'Displays in use',
  colDisplayName: 'Name',
  colUnits: 'Units',
  colCreatedAt: 'Created',
  colLink: 'Link',
  colActions: 'Actions',
  displayNameRequired: 'Enter a name for the display.',
  adminOnly: 'Only administrators may use this page.',

  errorBadRequest: 'Bad request: {message}',
  errorForbidden: 'You are not allowed to see this unit.',
  errorNotFound: 'Not found: {message}',
  errorUnavailable: 'The system is starting or temporarily unavailable. Please try again later.',
  errorNetwork: 'The server cannot be reached.',
  errorOther: 'Error ({status}): {message}',
};

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { vi, en };

export const LANGS: readonly Lang[] = ['vi', 'en'];

export type Params = Record<string, string | number>;

/** Looks a message up and fills its {placeholders}; unknown placeholders stay as they are. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const template = MESSAGES[lang][key] ?? MESSAGES.vi[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export type Translator = (key: MessageKey, params?: Params) => string;

export function translator(lang: Lang): Translator {
  return (key, params) => translate(lang, key, params);
}

const STORAGE_KEY = 'sla.lang';

/** Minimal storage surface, so tests can pass a fake and private modes that throw are survived. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function defaultStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The stored language, Vietnamese unless English was chosen. */
export function loadLang(store: KeyValueStore | null = defaultStore()): Lang {
  try {
    return store?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function saveLang(lang: Lang, store: KeyValueStore | null = defaultStore()): void {
  try {
    store?.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage may be disabled; the choice then lasts for this page only.
  }
}
