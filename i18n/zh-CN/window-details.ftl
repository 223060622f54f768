# window-details：术语见 i18n/GLOSSARY.md。
# 检查器（详情、共享、状态、内部）、导入表单、属性编辑器的元数据定义提示、共用对话框，以及
# 两个前端都显示的客户机报告各行。Glance 的字段名（min_disk、os_distro、属性键）和取值保持原样。

## 详情（src/ui/details.rs）

details-subject = 镜像“{ $name }”
details-min-invalid = { $subject }：{ $field } 必须是 0 或更大的整数（输入的是“{ $text }”）
details-changed-name = 名称
details-changed-visibility = 可见性
details-changed-protected = 受保护的
details-changed-hidden = 隐藏
details-changed-disk-format = 磁盘格式
details-changed-container-format = 容器格式
details-changed-tags = 标签（+{ $added } −{ $removed }）
details-changed-properties = 属性（设置 { $set } 个，删除 { $removed } 个）
details-summary-separator = 、
details-unsaved-marker = ● 有未保存的更改
details-saving = 正在保存…
details-no-unsaved = 没有未保存的更改
details-save-changes = 保存更改
details-save-changes-tip = 将下面的所有更改作为一次更新保存（Ctrl+S）
details-fix-first = 请先修正标红的字段
details-nothing-changed = 没有任何更改
details-revert = 还原
details-revert-tip = 放弃未保存的更改（Esc）
details-warning-saved = { $warning }（Glance 接受该值，按输入保存）
details-editable-fields = 可编辑字段
details-image-name = 镜像名称
details-visibility = 可见性
details-flags = 标志
details-protected = 受保护的
details-protected-tip = 受保护的镜像不能被删除
details-hidden = 隐藏
details-hidden-tip = os_hidden：不出现在默认列表中
details-min-disk = 最小磁盘 min_disk (GiB)
details-min-ram = 最低内存 min_ram (MiB)
details-formats-queued-only = 只有镜像处于已排队状态（上传之前）时才能更改格式
details-disk-format = 磁盘格式
details-container-format = 容器格式
details-tags = 标签
details-no-tags = 没有标签
details-remove-tag-tip = 删除标签“{ $tag }”
details-tag-exists = { $subject } 已有标签“{ $tag }”
details-too-many-tags = { $subject }：标签过多（最多 { $max } 个）
details-new-tag = 新标签
details-add-tag = 添加标签
details-custom-properties = 定制属性
details-no-custom-properties = 没有定制属性
details-value-of = { $key } 的值
details-set-value = 设置值
details-cancel = 取消
details-edit = 编辑
details-edit-key = 编辑 { $key }
details-remove = 删除
details-remove-key = 删除 { $key }
details-read-only-banner = 此镜像{ $status }：只读
details-killed-note = 其上传失败，Glance 保留它只是为了删除；它的任何内容都不能编辑。
details-deleted-note = 已删除的镜像不能编辑；它们不出现在默认列表中。
details-read-only-heading = 只读（由 Glance 设置）
details-status-damaged = { $status }（已损坏）
details-data-inspection = 数据检查
details-no-data = 尚无数据
details-inspecting = 正在检查存储的数据…
details-refreshing = 正在刷新…
details-inspection-format = 格式
details-inspection-virtual-size = 虚拟大小
details-inspection-subformat = 子格式
details-inspection-cluster-size = 簇大小
details-inspection-compat = 兼容版本（compat）
details-inspection-compression = 压缩
details-inspection-encryption = 加密
details-inspection-backing-file = 后备文件
details-inspection-data-file = 数据文件
details-inspection-extents = 区段（extents）
details-inspection-features = 特性
details-verdict-safe = 结论：安全
details-verdict-unsafe = 结论：不安全
details-size-bytes = { $size }（{ $bytes } 字节）
details-damaged-banner = { $reason }。在数据再次匹配之前，不会用它创建任何东西：请从备份恢复该文件，然后校验。
details-verify = 校验数据
details-verify-tip = 读取存储的数据，检查其大小、md5 和 sha512
details-prompt-title = 保存对“{ $name }”的更改吗？
details-prompt-unsaved = 未保存的更改：{ $summary }。
details-prompt-lost-select = 不保存就显示其他镜像，这些更改将会丢失。
details-prompt-lost-view = 不保存就切换视图，这些更改将会丢失。
details-prompt-lost-close = 不保存就关闭窗口，这些更改将会丢失。
details-save = 保存
details-discard = 放弃

## 属性编辑器的元数据定义提示（src/ui/metadefs.rs）

details-metadefs-from = { $title } — 来自 { $source }
details-metadefs-examples = 示例：
details-metadefs-allowed = 允许的值：
details-metadefs-well-known = 常用键：
details-metadefs-too-many = { $subject }：属性过多（最多 { $max } 个）
details-metadefs-key = 键
details-metadefs-value = 值
details-metadefs-replace = 替换属性
details-metadefs-add = 添加属性

## 共享（src/ui/sharing.rs）

sharing-help-public = 所有项目都能看到
sharing-help-community = 任何项目都能使用，但不在它们的默认列表中
sharing-help-shared = 所有者项目和已接受的成员项目
sharing-help-private = 仅所有者项目
sharing-deleted = { $subject } 已删除
sharing-needs-shared = { $subject }：只有可见性为“共享的（shared）”的镜像才能有成员（当前为 { $visibility }）；请先在上方选择“共享的（shared）”
sharing-too-many = { $subject }：成员过多（最多 { $max } 个）
sharing-bad-project = { $subject }：成员必须是 1 到 { $max } 个字符的项目 ID
sharing-already-member = { $subject }：项目 { $project } 已经是成员
sharing-visibility = 可见性
sharing-at-once = 共享的更改立即生效（无需保存）。
sharing-members = 成员（{ $count }）
sharing-no-members = 未与任何项目共享
sharing-members-cannot-see = 镜像可见性为 { $visibility } 时，这些成员看不到该镜像。
sharing-remove = 删除
sharing-remove-tip = 停止与项目 { $project } 共享
sharing-answer = 答复
sharing-answer-tip = 将项目 { $project } 的答复记为 { $status }（由成员项目或管理员操作）
sharing-since = 添加于 { $time }
sharing-project-hint = 输入项目 ID
sharing-project-id = 项目 ID
sharing-add-member = 添加成员
sharing-type-project-first = 请先输入项目 ID
sharing-footer = Glance：只有共享的镜像才有成员；成员接受后会在其默认列表中看到该镜像。所有者添加和删除成员；成员项目（或管理员——本工作台在本地以管理员身份操作）记录其答复。

## 状态（src/ui/state_panel.rs）

state-node =
    { $label }
    { $value }
state-diagram = 状态图
state-diagram-current = 状态图，当前状态 { $status }
state-final = { $status }：最终状态，无法再转换
state-may-go = { $status } 可以转换为：{ $targets }
state-targets-separator = 、
state-diagram-tip = Glance 的镜像状态机。高亮：当前状态；粗箭头：此镜像经历过的转换；强调色箭头：它接下来可以转换到的状态。
state-history = 状态转换历史（{ $count }）
state-no-history = 没有记录的状态转换
state-time-tip =
    { $local }（本地时间）
    { $utc } UTC
state-new = （新建）
state-tasks = 任务（{ $count }）
state-no-tasks = 没有任务
state-current = 当前状态：{ $status }

## 内部（src/ui/inside.rs）

inside-heading = 内部
inside-look = 查看内部
inside-look-tip = 以只读方式读取分区和文件系统（最多 64 MiB），找出操作系统及其建议的属性
inside-look-running-tip = 正在查看内部…（可在任务区取消）
inside-look-damaged-tip = 存储的数据已损坏：请先恢复并校验
inside-look-no-data-tip = 只有可用和已取消激活的镜像才有可查看的数据
inside-looking = 正在查看内部…
inside-not-yet = 本次会话中尚未查看内部。
inside-cancelled = 已取消
inside-partitions = 分区
inside-suggested = 建议的属性
inside-nothing = 没有可建议的属性
inside-apply = 应用建议
inside-apply-tip = 设置 { $count } 个新增、不同或冲突的属性（作为一次更新保存，与手动输入的属性一样校验）
inside-apply-dirty = 请先保存或还原上面未保存的更改
inside-apply-matching = 属性已与内部内容一致
inside-apply-status = 只有可用或已取消激活的镜像才能根据内部内容设置属性

## 导入（src/ui/import.rs）

import-reading = 正在读取文件…
import-refused = Glance 会拒绝此文件：{ $reasons }
import-choose-disk-format = 请选择磁盘格式
import-detected = 检测到 { $summary }；文件 { $size }，虚拟大小 { $virtual_size }
import-new-name = 新镜像名称
import-choose = 选择…
import-extras = 标签和属性
import-extras-counts = 标签和属性（{ $tags } 个标签，{ $properties } 个属性）
import-import = 导入
import-discard = 放弃
import-from-inside = 根据内部内容设置属性
import-from-inside-tip = 先查看文件内部（只读、有读取上限），设置 os_distro、os_version、architecture 及其内容建议的其他属性；上面为同一键填写的属性优先
import-tags = 标签
import-no-tags = 无
import-warning-imported = { $warning }（Glance 接受该值，按输入导入）
import-nothing-picked = 没有选择文件（桌面文件对话框需要 xdg-desktop-portal）：请输入路径或将文件拖放到窗口上
import-title = 导入镜像
import-file-path = 文件路径
import-add-file = 添加文件
import-browse = 浏览…
import-browse-tip = 打开桌面的文件选择器（需要 xdg-desktop-portal）
import-drop-hint = 也可以将文件拖放到窗口上。
import-ctrl-enter = Ctrl+Enter 导入所有就绪的文件。
import-all = 全部导入（{ $count }）

## 共用对话框（src/ui/dialogs.rs）

dialogs-pick-import-title = 导入磁盘镜像
dialogs-save-data-title = 将镜像数据另存为

## 客户机报告（src/app/guest.rs）：窗口的“内部”部分和 image inspect --guest

guest-note-reading = 正在读取分区和文件系统
guest-applied-none = 镜像“{ $name }”：其属性已与内部内容一致
guest-applied-set = 镜像“{ $name }”：已设置 { $properties }
guest-applied-note = { $summary }（注意：{ $warning }）
guest-kind-same = 相同
guest-kind-new = 新增
guest-kind-differs = 不同
guest-kind-conflict = 冲突
guest-row-os = 操作系统
guest-row-family = 系列
guest-row-distribution = 发行版
guest-row-read-from = 读取自
guest-row-architecture = 架构
guest-row-firmware = 固件
guest-row-qemu-agent = QEMU 客户机代理
guest-row-virtio = virtio 驱动
guest-row-kernels = 内核
guest-row-root = 根文件系统
guest-row-partition-table = 分区表
guest-row-disk-format = 磁盘格式
guest-row-virtual-size = 虚拟大小
guest-row-bytes-read = 已读取
guest-none-found = 未找到
guest-unknown = 未知
guest-firmware-both = BIOS 和 UEFI
guest-yes = 是
guest-no = 否
guest-no-partition-table = 无
guest-root-value = 分区 { $partition }，{ $fs }，已用 { $used }，共 { $size }
guest-fs-not-read = { $fs }（未读取）
