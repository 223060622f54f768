# window-convert：术语见 i18n/GLOSSARY.md。
# 转换面板、创建空白镜像 / 调整大小 / 检查对话框，以及详情面板中的 qemu-img info。
# 格式名（qcow2、raw、vmdk…）与 qemu-img 的选项名和取值（compat、cluster_size、zstd、
# off/metadata/falloc/full…）保持原样。

## 右键菜单与详情按钮
convert-menu-convert = 转换…
convert-menu-resize = 调整大小…
convert-menu-check = 检查
convert-menu-create-blank = 创建空白镜像…
convert-select-one-active = 请选择一个可用的镜像
convert-hover-convert = 用 qemu-img 转换为另一种磁盘格式（生成新镜像）
convert-hover-resize = 扩大或缩小虚拟磁盘（生成新镜像）
convert-hover-check = qemu-img check：泄漏、损坏
convert-refusal-not-active = qemu-img 只能读取可用镜像的数据（该镜像为{ $status }）
convert-created-blank-status = 已创建空白镜像“{ $name }”（{ $format }）

## 转换面板
convert-window-title = 转换镜像
convert-reading-source = 正在读取源镜像…
convert-image-is-status = 该镜像为{ $status }
convert-source = 源镜像：“{ $name }”
convert-source-facts = { $format } · 虚拟大小 { $size }（{ $bytes } 字节）· 已存储 { $stored }
convert-inspected = 检查结果：{ $inspection }
convert-required-not-measured = 所需空间：未测量（qemu-img 只能测量 raw 和 qcow2 目标，不支持 { $format }）
convert-required-measuring = 所需空间：正在测量…
convert-required-none = 所需空间：—
convert-required-at-most = 所需空间：最多 { $required }（qemu-img measure 不计入压缩）
convert-required-at-most-updating = 所需空间：最多 { $required }（qemu-img measure 不计入压缩）· 正在更新…
convert-required-size = 所需空间：{ $required }（完全分配时 { $allocated }）
convert-required-size-updating = 所需空间：{ $required }（完全分配时 { $allocated }）· 正在更新…
convert-required-error = 所需空间：{ $error }
convert-cancelled = 已取消：qemu-img 已停止，未保留任何内容。
convert-failed = 转换失败：{ $error }
convert-converting-verifying = 正在转换，随后校验…
convert-converting = 正在转换…
convert-cancel = 取消转换
convert-cancel-hover = 停止 qemu-img；不保留任何内容
convert-rate-hint = 速率和剩余时间见下方的作业面板。
convert-converted-into = 已转换为“{ $name }”（{ $options }，{ $size }）。
convert-verified = 已校验：与源镜像一致（qemu-img compare）
convert-not-verified = 未校验：qemu-img compare 检查已关闭
convert-show-in-catalog = 在目录中显示“{ $name }”
convert-close = 关闭
convert-new-image-name = 新镜像名称
convert-verify = 用 qemu-img compare 校验
convert-verify-hover = 保留输出之前先与源镜像比较
convert-running = 此镜像的转换正在进行
convert-name-used = 该名称已被使用
convert-convert-button = 转换

## 目标选项表单
convert-target-format = 目标格式
convert-compression = 压缩
convert-compression-none = 无
convert-compression-hover = 压缩簇（qemu-img convert -c）；zstd 需要 compat 1.1。空白镜像只在文件头中记录算法
convert-compat = 兼容版本（compat）
convert-compat-default = 默认（1.1）
convert-compat-hover = 0.10（qcow2 v2）仅用于早于 qemu 1.1 的读取程序
convert-cluster-size = 簇大小（cluster_size）
convert-cluster-size-hint = 64K（默认）
convert-cluster-size-hover = 512 到 2M 之间的 2 的幂，例如 64K
convert-preallocation = 预分配（preallocation）
convert-preallocation-hover = off：稀疏；metadata（qcow2）：仅分配元数据表；falloc：预留空间；full：写入零
convert-subformat = 子格式（subformat）
convert-subformat-hover = streamOptimized VMDK 用于 vSphere/ESXi 和 AWS 导入；fixed VHD 用于 Azure
convert-sparse-size = 稀疏大小（-S）
convert-sparse-size-hint = 4K（默认）
convert-sparse-size-hover = 至少这么长的连续零数据保持未分配（qemu-img -S）；0 表示全部分配
convert-write-order-on = 乱序写入（-W）：开（更快，结果相同）
convert-write-order-off = 乱序写入（-W）：关（streamOptimized VMDK 为流式导入程序按顺序保存数据块）
convert-name-taken = 已有名为“{ $name }”的镜像：再建一个同名镜像会让 CLI 无法确定所指的镜像。
convert-name-anyway = 仍使用此名称

## 详情面板中的 qemu-img info
convert-info-entries = { $count } 项
convert-info-active-only = qemu-img 只读取可用镜像的数据
convert-info-asking = 正在询问 qemu-img…
convert-info-format = 镜像格式
convert-info-virtual-size = 虚拟大小
convert-info-virtual-size-value = { $size }（{ $bytes } 字节）
convert-info-on-disk = 磁盘占用
convert-info-cluster-size = 簇大小
convert-info-dirty = 脏标记
convert-info-encrypted = 已加密
convert-info-backing-file = 后备文件
convert-info-refreshing = 正在刷新…

## 创建空白镜像
convert-blank-title = 创建空白镜像
convert-blank-intro = 由 qemu-img create 创建的新空磁盘，创建后成为可用的镜像。
convert-blank-enter-name = 请输入新镜像的名称
convert-blank-enter-size = 请输入虚拟大小，例如 10G
convert-blank-size = 虚拟磁盘大小
convert-blank-created = 已创建空白镜像“{ $name }”。
convert-blank-create = 创建
convert-blank-creating-why = 正在创建…
convert-blank-creating = 正在创建…

## 调整大小
convert-resize-title = 调整镜像大小
convert-resize-intro = 可用的镜像不可修改：调整大小后的磁盘将成为新镜像。
convert-reading-image = 正在读取镜像…
convert-resize-enter-size = 请输入新大小（20G），或变化量（+5G、-1G）
convert-resize-same-size = 该镜像已经是 { $size }（{ $bytes } 字节）
convert-resize-cancelled = 已取消：未保留任何内容。
convert-resize-failed = 调整大小失败：{ $error }
convert-resize-facts = “{ $name }”：{ $format }，虚拟大小 { $size }（{ $bytes } 字节）
convert-resize-new-size = 新大小
convert-resize-size-hint = 20G、+5G 或 -1G
convert-resize-shrinks = 缩小 { $size }：新末尾之后的数据将丢失（会要求确认）
convert-resize-grows = 扩大 { $by }，达到 { $size }
convert-resize-resizing-why = 正在调整大小…
convert-resize-button = 调整大小
convert-resize-resizing = 正在调整大小…（进度见作业面板）
convert-resized-into = 已调整大小，新镜像为“{ $name }”。
convert-shrink-title = 缩小“{ $name }”？
convert-shrink-body = 从 { $from } 缩小到 { $to }：这可能会破坏数据。磁盘新末尾之后的所有内容都将丢失；分区和文件系统必须已经能够容纳。
convert-shrink-original-kept = 原镜像保持不变。
convert-shrink-confirm = 缩小
convert-shrink-decline = 不缩小

## 检查（窗口标题是 qemu-img 的命令 “qemu-img check”）
convert-check-checking = 正在检查…
convert-check-subject = “{ $name }”（{ $format }）
convert-check-clean = 正常：无损坏、无泄漏、无错误
convert-check-problems = qemu-img check 发现了损坏、泄漏或错误
convert-check-corruptions = 损坏
convert-check-leaks = 泄漏
convert-check-errors = 检查错误
convert-check-allocated-clusters = 已分配簇
convert-check-total-clusters = 簇总数
convert-check-image-end-offset = 镜像结束偏移
convert-check-leaks-only = 泄漏只浪费空间，数据完好。
