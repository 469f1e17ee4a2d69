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
