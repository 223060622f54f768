# backend：库自身的消息（错误、提示）。术语见 i18n/GLOSSARY.md。

## 主语：消息所说的对象。
backend-subject-image = 镜像“{ $name }”
backend-subject-new-image = 新镜像
backend-subject-image-id = 镜像 ID { $id }
backend-subject-property = 属性“{ $key }”
backend-subject-file = 文件 { $path }

## Glance 的字段规则（validate.rs）。
backend-name-too-long = 名称超过 { $max } 个字符（{ $count } 个）
backend-tag-empty = 标签不能为空
backend-tag-too-long = 标签超过 { $max } 个字符（{ $count } 个）
backend-property-value-too-long = 属性“{ $key }”：值超过 { $max } 个字符（{ $count } 个）
backend-property-name-empty = 属性名不能为空
backend-property-name-too-long = 属性名超过 { $max } 个字符（{ $count } 个）
backend-property-reserved = 属性“{ $key }”是 Glance 保留的
backend-property-read-only = “{ $key }”是只读的
backend-property-core-field = “{ $key }”是镜像本身的字段，不是定制属性：请使用它自己的选项
backend-min-too-large = { $field } 不能超过 { $max }（给出的是 { $value }）
backend-expected-key-value = 应为 KEY=VALUE
backend-too-many-tags = 标签过多（{ $count } 个；最多 { $max } 个）
backend-too-many-properties = 属性过多（{ $count } 个；最多 { $max } 个）

## 目录：查找、创建和编辑镜像（catalog.rs）。
backend-io-create-data-dir = 无法创建数据目录
backend-no-image-named = 没有名称或 ID 为“{ $name }”的镜像
backend-no-image-id = 没有 ID 为 { $id } 的镜像
backend-image-deleted = { $subject } 已被删除
backend-image-already-deleted = { $subject } 已经被删除
backend-image-id-exists = 已存在使用此 ID 的镜像
backend-formats-only-queued = 只有镜像处于已排队（queued）状态时才能修改 disk_format 和 container_format（当前为{ $status }）
backend-no-property = { $subject } 没有属性“{ $key }”
backend-no-tag = { $subject } 没有标签“{ $tag }”

## 状态变化、删除与恢复（state.rs、lifecycle.rs）。
backend-image-protected = 该镜像受保护，不能删除（请先取消保护）
backend-restore-not-pending = 只有处于等待删除（pending_delete）状态的镜像才能恢复（当前为{ $status }）
backend-upload-running = 该镜像的另一次上传正在进行（其状态为保存中（saving））；请等待它完成或取消它
backend-status-changed = 状态为{ $from }，而不是预期的{ $expected }：已被他人更改
backend-upload-needs-queued = 只能向已排队（queued）的镜像上传数据（当前为{ $status }）

## 成员（members.rs）。
backend-members-need-shared = 只有可见性为共享的（shared）镜像才能有成员（当前为{ $visibility }）；请先设置 --visibility shared
backend-member-id-length = 成员必须是 1 到 { $max } 个字符的项目 ID
backend-member-exists = 项目 { $project } 已经是成员
backend-too-many-members = 成员过多（最多 { $max } 个）
backend-not-a-member = 项目 { $project } 不是{ $image }的成员

## 任务（tasks.rs）。
backend-io-create-task-lock-folder = 无法创建任务锁文件夹
backend-io-create-task-lock = 无法创建任务锁
backend-io-lock-task-lock = 无法锁定任务锁
backend-no-task-id = 没有 ID 为 { $id } 的任务

## 磁盘已满（space.rs）：空间用在了哪里，可以释放什么。
backend-no-space-hint = 请释放该磁盘上的空间后重试（镜像存储 { $store } 占用 { $store_size }，远程缓存 { $cache } 占用 { $cache_size }；通过工作台删除也需要少量剩余空间）

## 上传与导出（upload.rs）。
backend-source-missing = 要上传的文件不存在
backend-source-permission-denied = 无法读取要上传的文件（权限不够）
backend-source-cannot-open = 无法打开要上传的文件（{ $error }）
backend-source-directory = 要上传的文件是一个目录
backend-source-char-device = 要上传的文件是字符设备，可能永远读不完（要上传数据流，请用 --file - 通过管道传给标准输入）
backend-source-socket = 要上传的文件是套接字
backend-cancelled-pipe-wait = 等待向管道 { $path } 写入数据的一方
backend-formats-before-upload = 上传数据之前必须同时设置 disk_format 和 container_format
backend-inside-needs-regular-file = 从镜像内容设置属性需要普通文件（数据流或设备在读取之前无法查看其内容）
backend-upload-of = 上传{ $subject }
backend-export-of = 导出{ $subject }
backend-deleted-while-receiving = 镜像 { $id } 在接收数据期间被删除
backend-deactivated-no-download = 该镜像已取消激活：不能下载其数据（请先重新激活）
backend-no-data-to-download = 该镜像没有可下载的数据（状态为{ $status }）
backend-io-start-open-thread = 无法启动用于打开文件的线程
backend-io-read-image-data = 无法读取镜像数据
backend-io-read-upload-data = 无法读取上传的数据
backend-io-write-image-data = 无法写入镜像数据
backend-io-read-data-of = 无法读取{ $subject }的数据
backend-io-write-data-of = 无法写入{ $subject }的数据
backend-io-flush-output = 无法刷新输出文件
backend-io-move-output = 无法将输出文件移动到位

## 按记录的大小和哈希值检查存储的数据（integrity.rs）。
backend-data-file-missing = 其数据文件不存在
backend-no-data-to-verify = 该镜像没有可校验的数据（状态为{ $status }）
backend-stored-data-mismatch = { $subject }存储的数据与其记录的 { $algo } 不符
backend-read-for-resize = 调整{ $subject }的大小
backend-read-for-convert = 转换{ $subject }
backend-read-for-verify = 校验{ $subject }
backend-read-for-check = 检查{ $subject }
backend-read-for-measure = 对{ $subject }运行 qemu-img measure
backend-read-for-info = 对{ $subject }运行 qemu-img info
backend-read-for-inspection = 检查{ $subject }的数据

## 上传的数据必须通过的检查（inspection.rs）。
backend-inspect-char-device = 字符设备不能作为磁盘镜像检查
backend-inspect-pipe = 命名管道不能作为磁盘镜像检查
backend-inspect-socket = 套接字不能作为磁盘镜像检查
backend-refused-unsafe = 已拒绝不安全的数据（{ $what }）：{ $reasons }
backend-no-disk-format-for = 该文件是 { $what }，Glance 没有对应的 disk_format
backend-no-data-to-inspect = 该镜像没有可检查的数据（状态为{ $status }）

## 格式转换与 qemu-img 工具（convert/）。
backend-subject-convert = 转换
backend-subject-resize = 调整大小
backend-subject-target-options = 目标选项
backend-subject-converted-output = 转换输出 { $path }
backend-no-glance-name = { $format } 没有对应的 Glance 名称
backend-conversion-of = 转换{ $subject }
backend-read-needs-active = 只能读取可用（active）的镜像（当前为{ $status }）
backend-read-needs-bare = qemu-img 只能读取 container_format 为 bare 的镜像
backend-not-a-qemu-format = 其 disk_format 不是 qemu 磁盘格式
backend-qemu-cannot-read = { $what } 不是 qemu-img 在此能读取的磁盘格式（请先解包）
backend-verify-differs = 校验失败：转换后的镜像与其源不同：{ $message }
backend-size-not-absolute = { $size } 必须是绝对大小
backend-cannot-convert-to = 不能转换为 { $format }：请使用 raw、qcow2、vmdk、vhd、vhdx 或 vdi
backend-not-writable = 不可写入
backend-qcow2-only-options = --compress、--compat 和 --cluster-size 是 qcow2 的选项
backend-unknown-preallocation = 未知的预分配方式 { $value }
backend-unknown-compression = 未知的压缩方式 { $value }
backend-unknown-compat = 未知的兼容级别 { $value }
backend-unknown-subformat = 未知的 { $format } 子格式 { $value }
backend-cluster-size-too-large = 簇大小过大
backend-preallocation-option = --preallocation 是 raw 和 qcow2 的选项
backend-subformat-option = --subformat 是 vmdk、vhd、vhdx 和 vdi 的选项
backend-resize-does-not-fit = { $size } 不适用于 { $bytes } 字节的镜像
backend-io-read-resize-source = 无法读取要调整大小的镜像
backend-io-copy-resize-source = 无法复制要调整大小的镜像

## 查看磁盘内部（guest.rs）。
backend-subject-cannot-look-inside = 无法查看内部
backend-guest-conflict = 镜像“{ $label }”标明 { $key }={ $current }，但其磁盘中是 { $holds }
backend-guest-no-data = 没有可查看内部的数据（该镜像为{ $status }；只有可用和已取消激活的镜像有数据）
backend-guest-damaged = 其存储的数据已标记为损坏：请先恢复数据并运行 `image verify`
backend-io-read-the-image-data = 无法读取镜像数据
backend-guest-size-differs = 其数据文件有 { $len } 字节，但记录的大小为 { $size }：请运行 `image verify` 检查
backend-guest-size-unknown = 其数据文件有 { $len } 字节，但记录的大小未知：请运行 `image verify` 检查
backend-guest-no-suggestion = 镜像内容没有为“{ $key }”给出建议值

## 元数据定义（metadefs.rs）。
backend-metadefs-builtin = 内置表
backend-metadefs-cloud = 云 { $cloud } 的元数据定义
backend-metadefs-not-allowed = “{ $value }”不是 Glance 元数据定义为 { $key } 列出的值之一：{ $allowed }
backend-metadefs-not-allowed-cloud = “{ $value }”不是云 { $cloud } 的元数据定义为 { $key } 列出的值之一：{ $allowed }
backend-metadefs-not-boolean = Glance 的元数据定义将 { $key } 列为布尔值：应为“true”或“false”，而不是“{ $value }”
backend-metadefs-not-boolean-cloud = 云 { $cloud } 的元数据定义将 { $key } 列为布尔值：应为“true”或“false”，而不是“{ $value }”
backend-metadefs-not-integer = Glance 的元数据定义将 { $key } 列为整数，而不是“{ $value }”
backend-metadefs-not-integer-cloud = 云 { $cloud } 的元数据定义将 { $key } 列为整数，而不是“{ $value }”

## 设置（settings.rs）。
backend-subject-setting = 设置 { $key }
backend-subject-setting-quoted = 设置“{ $key }”
backend-setting-not-boolean = “{ $value }”不是布尔值（true 或 false）
backend-setting-not-number = “{ $value }”不是整数
backend-setting-owner-length = 需要 1 到 { $max } 个字符的项目 ID
backend-setting-unknown = 未知的设置；已知的设置有：{ $known }

## 恢复丢失的镜像文件（recover.rs）。
backend-recover-no-file = { $dir } 中没有镜像 { $id } 的文件
backend-subject-lost-file = 丢失的镜像文件 { $path }
backend-recover-exists = 该镜像已存在，状态为{ $status }，因此该文件不能成为其数据；文件仍保留在 { $path }
backend-io-link-lost-file = 无法将丢失的镜像文件链接到
backend-io-remove-lost-file = 镜像已登记，但无法删除
backend-io-create-work-folder = 无法创建工作文件夹
backend-io-create-work-folder-lock = 无法创建工作文件夹锁
backend-io-lock-work-folder = 无法锁定工作文件夹
backend-io-remove-work-folder = 无法删除废弃的工作文件夹
backend-io-create-output = 无法创建输出文件
