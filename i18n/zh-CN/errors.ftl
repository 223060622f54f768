# errors：命令行显示的库错误。术语见 i18n/GLOSSARY.md。

errors-subject-problem = { $subject }：{ $problem }
errors-subject-image-plain = 镜像 { $name }
errors-ambiguous = 名为“{ $name }”的镜像不止一个（共 { $count } 个）：请使用镜像 ID
errors-illegal-transition = { $image }：状态不能从{ $from }变为{ $to }
errors-illegal-task-transition = 任务 { $task }：状态不能从{ $from }变为{ $to }
errors-unknown-value = { $what }“{ $value }”不是以下值之一：{ $allowed }
errors-cancelled = { $what }：已取消
errors-corrupt = { $image }：数据与其 { $algo } 校验和不符（存储的数据已损坏）
errors-database-too-new = 注册表数据库的架构版本为 { $found }，比本程序支持的版本（{ $supported }）更新；请升级 Glance Workbench（数据库未被改动）：{ $path }
errors-registry-missing = 注册表 { $registry } 不存在或为空，但镜像存储 { $store } 中有 { $count } 个镜像文件；未做任何修改。请从备份恢复注册表，或运行 `glance-workbench image recover` 新建注册表，并将这些文件保留在 lost+found 中以便重新登记
errors-too-large = { $subject }：数据超过了目录的 image_size_cap_bytes（{ $cap } 字节）；如确有需要，请用 `glance-workbench config set image_size_cap_bytes BYTES` 调高
errors-no-space = { $path } 所在磁盘已无剩余空间：{ $hint }
errors-no-space-hint = 请释放该磁盘上的空间后重试（镜像存储 { $store } 占用 { $store_size }，远程缓存 { $cache } 占用 { $cache_size }；通过工作台删除也需要少量剩余空间）
errors-not-a-registry = { $path } 不是 Glance Workbench 的注册表（不是 SQLite 数据库）；未被改动：请从备份恢复，或将其移开以使用空的注册表
errors-database = 注册表数据库错误：{ $error }
errors-io = { $action }：{ $error }：{ $path }
errors-inspect-open = 无法打开 { $path }：{ $error }
errors-inspect-read = 无法读取 { $path }：{ $error }
errors-inspect-directory = { $path } 是目录，不是磁盘镜像

## 找不到对象。
errors-no-image-named = 没有名称或 ID 为“{ $name }”的镜像
errors-no-image-id = 没有 ID 为 { $id } 的镜像
errors-no-task-id = 没有 ID 为 { $id } 的任务
errors-deleted = { $subject } 已被删除
errors-already-deleted = { $subject } 已经被删除
errors-no-property = { $subject } 没有属性“{ $key }”
errors-no-tag = { $subject } 没有标签“{ $tag }”
errors-not-a-member = 项目 { $project } 不是镜像“{ $image }”的成员

## 库最常给出的问题。
errors-problem-protected = 该镜像受保护，不能删除（请先取消保护）
errors-problem-id-exists = 已存在使用此 ID 的镜像
errors-problem-empty-tag = 标签不能为空
errors-problem-empty-property = 属性名不能为空
errors-problem-key-value = 应为 KEY=VALUE
errors-problem-formats-before-upload = 上传数据之前必须同时设置 disk_format 和 container_format
errors-problem-deactivated-download = 该镜像已停用：不能下载其数据（请先重新激活）
errors-problem-upload-running = 该镜像的另一次上传正在进行
errors-problem-restore = 只有处于待删除（pending_delete）状态的镜像才能恢复（当前为{ $status }）
errors-problem-formats-queued = 只有镜像处于排队中（queued）状态时才能修改 disk_format 和 container_format（当前为{ $status }）
errors-problem-already-member = 项目 { $project } 已经是成员

## 文件操作与操作系统错误。
errors-io-cannot-read = 无法读取
errors-io-cannot-open = 无法打开
errors-io-cannot-create = 无法创建
errors-io-cannot-write = 无法写入
errors-io-cannot-flush = 无法刷新
errors-io-cannot-open-data = 无法打开镜像数据
errors-io-cannot-write-data = 无法写入镜像数据
errors-os-not-found = 没有那个文件或目录
errors-os-permission-denied = 权限不够
errors-os-already-exists = 文件已存在
errors-os-storage-full = 设备上没有空间
errors-os-is-a-directory = 是一个目录
errors-os-not-a-directory = 不是目录
errors-os-with-code = { $error }（os error { $code }）

errors-bad-source = { $problem }：{ $path }
