# Messages of this area; ids are checked against the other language by src/i18n/tests.rs.

## 检查器的用语（src/convert/inspect/）：每条发现的详情、每条备注和每个描述都是带参数的消息，
## JSON 和存储的文本用英文渲染，显示时用读者的语言渲染（src/convert/inspect/msg.rs）。
## 格式名、字段名以及从文件中读出的名称保持原样。

# 在每种语言中都相同的文本（格式名和数字）。
inspect-text = { $text }
# 一条不安全的发现：原因的标签（及其代码）和详情。
inspect-finding = { $reason }：{ $detail }
# 把多条发现连接在同一行中。
inspect-reason-separator = { "；" }
# 查看内部失败：查看的对象及原因。
inspect-guest-error = { $subject }：{ $cause }

## UnsafeReason 的标签（代码显示在旁边）。
inspect-reason-backing-file = 后备文件
inspect-reason-data-file = 数据文件
inspect-reason-unknown-features = 未知特性
inspect-reason-vmdk-subformat = VMDK 子格式
inspect-reason-vmdk-extent = VMDK 区段
inspect-reason-qed = QED 格式
inspect-reason-polyglot = 多格式文件
inspect-reason-truncated = 已截断
inspect-reason-virtual-size-over-limit = 虚拟大小超出限制
inspect-reason-invalid-partition-table = 无效的分区表
inspect-reason-invalid-header = 无效的头部
inspect-reason-archive-path-escape = 归档路径越界
inspect-reason-archive-link = 归档中的链接
inspect-reason-no-disk = 没有磁盘
inspect-reason-too-many-members = 成员过多
inspect-reason-incomplete-stream = 数据流不完整

## 描述（Inspection::describe）。
inspect-describe-compressed = { $compression } 压缩的 { $inner }
inspect-describe-compressed-data = { $compression } 压缩的数据
inspect-describe-tar = 包含 { $inner } 的 tar 归档
inspect-describe-tar-more = 包含 { $inner } 及另外 { $more } 个磁盘的 tar 归档
inspect-describe-tar-empty = 不含磁盘的 tar 归档
inspect-describe-ova = 包含 { $inner } 的 OVA
inspect-describe-ova-more = 包含 { $inner } 及另外 { $more } 个磁盘的 OVA
inspect-describe-ova-empty = 不含磁盘的 OVA

## 声明的 disk_format 与内容不符（Mismatch）。
inspect-mismatch = 声明的 disk_format 为“{ $declared }”，但内容是 { $description }
inspect-mismatch-declare-both = { $mismatch }（请声明 disk_format “{ $disk_format }”和 container_format “{ $container_format }”）
inspect-mismatch-declare-disk = { $mismatch }（请声明 disk_format “{ $disk_format }”）
inspect-mismatch-use-container = { $mismatch }（请使用 container_format “{ $container_format }”）
inspect-mismatch-no-disk-format = { $mismatch }（Glance 没有对应的 disk_format）

## 多种格式共用。
inspect-note-internal-read-error = 内部读取错误：{ $error }
inspect-backing-file = 镜像有后备文件 { $name }；未打开该文件

## qcow2
inspect-qcow2-header-short = qcow2 头部被截断（{ $bytes } 字节）
inspect-qcow2-v3-header-short = qcow2 v3 头部被截断
inspect-qcow2-version-1 = qcow 版本 1 已过时，Glance 不接受
inspect-qcow2-version = 不支持的 qcow2 版本 { $version }
inspect-qcow2-cluster-bits = cluster_bits { $bits } 超出 qemu 的范围 9..=21
inspect-qcow2-data-file-unnamed = “（镜像中未记录名称）”
inspect-qcow2-data-file = 客户机数据存放在外部数据文件 { $name } 中（不兼容位 2）；未打开该文件
inspect-qcow2-data-file-no-bit = 镜像指定了外部数据文件 { $name }（未设置不兼容位 2）
inspect-qcow2-header-length = header_length { $length } < 104
inspect-qcow2-header-length-cluster = header_length 超过了簇大小
inspect-qcow2-refcount-order = refcount_order { $order } > 6
inspect-qcow2-backing-outside = 后备文件名位于第一个簇之外
inspect-qcow2-encryption = 未知的加密方法 { $method }
inspect-qcow2-l1-too-large = 有 { $entries } 个条目的 L1 表超过了 qemu 允许的大小
inspect-qcow2-l1-too-small = 有 { $entries } 个条目的 L1 表对于虚拟大小来说太小
inspect-qcow2-l1-unaligned = L1 表的偏移量未按簇对齐
inspect-qcow2-refcount-unaligned = 引用计数表的偏移量未按簇对齐
inspect-qcow2-no-refcount = 镜像没有引用计数表
inspect-qcow2-refcount-too-large = 引用计数表超过了 qemu 允许的大小
inspect-qcow2-snapshots = { $count } 个快照超过了 qemu 允许的数量
inspect-qcow2-unknown-bits = 未知的不兼容特性位 { $bits }
inspect-qcow2-compression-type = 未知的压缩类型 { $kind }
inspect-qcow2-compression-no-bit = 设置了压缩类型 { $kind }，但未设置不兼容位 3
inspect-qcow2-extension-overrun = 头部扩展 { $extension } 超出了第一个簇
inspect-qcow2-note-bitmaps = 存在持久化的脏位图
inspect-qcow2-note-extension = 未知的头部扩展 { $extension }（qemu 会忽略它）
inspect-qcow2-note-bit-name = 未知的不兼容位 { $bit } 名为 { $name }
inspect-qcow2-backing-name-long = 后备文件名长 { $bytes } 字节，太长
inspect-qcow2-beyond = { $what }（位于偏移量 { $offset }，{ $size } 字节）超出了文件末尾（{ $len } 字节）
inspect-qcow2-l1-table = L1 表
inspect-qcow2-refcount-table = 引用计数表
inspect-qcow2-snapshot-table = 快照表
inspect-qcow2-luks-header = LUKS 加密头
inspect-qcow2-l2-table = L2 表
inspect-qcow2-note-l2-beyond = 有 { $count } 个 L2 表位于文件末尾之后
inspect-qcow2-cluster-beyond = 位于偏移量 { $offset } 处的已分配簇超出了文件末尾（{ $len } 字节）
inspect-qcow2-note-clusters-beyond = 抽样检查的簇中有 { $count } 个位于文件末尾之后

## 压缩文件（gzip、xz、zstd、bzip2）
inspect-propagated = 在 { $format } 内部：{ $detail }
inspect-stream-prefix-only = 压缩数据本身只是一个前缀
inspect-stream-decoded = 已解码到末尾
inspect-stream-does-not-decode = { $kind } 数据流无法解码到末尾：已读取全部 { $taken } 个压缩字节，只得到 { $bytes } 字节（{ $error }）
inspect-note-decompression-stopped = 解压在 { $bytes } 字节后停止：{ $error }
inspect-note-whole-stream = 已检查整个数据流（解压后 { $bytes } 字节）
inspect-note-prefix = 已检查解压后的前 { $bytes } 字节
inspect-note-stream-complete = { $kind } 数据流完整：{ $how }
inspect-stream-incomplete = { $what }：数据不完整
inspect-note-stream-unverified = 未验证 { $kind } 数据流是否完整：{ $why }
inspect-gzip-no-index = gzip 没有索引，长于已读取的 { $cap } 字节的数据流只有全部解压才能证明完整（InspectOptions::verify_whole_streams）
inspect-not-compression = 不是压缩格式
inspect-xz-no-stream = 没有完整的 xz 数据流在偏移量 { $offset } 处结束
inspect-xz-footer-missing = 末尾缺少 xz 数据流的尾部（偏移量 { $offset }）：文件被截断了
inspect-xz-index-large = { $bytes } 字节的 xz 索引超过了读取上限 { $cap } 字节
inspect-xz-index-before = xz 尾部指向的索引（{ $bytes } 字节）起始于文件开头之前
inspect-xz-index-damaged = 偏移量 { $offset } 处的 xz 索引已损坏
inspect-xz-index-no-header = 偏移量 { $offset } 处的 xz 索引无法回溯到数据流头部
inspect-xz-complete = { $streams } 个数据流（共 { $blocks } 个块）在文件末尾结束（已检查尾部和索引）
inspect-xz-too-many-streams = 连接的 xz 数据流超过 { $cap } 个
inspect-zstd-skippable = 一个 zstd 可跳过帧超出了文件末尾（{ $len } 字节）
inspect-zstd-no-frame = 应当开始 zstd 帧的位置没有帧（偏移量 { $offset }）
inspect-zstd-too-many-blocks = zstd 块超过 { $cap } 个；遍历在偏移量 { $offset } 处停止
inspect-zstd-in-header = zstd 数据流在一个块头内结束（偏移量 { $offset }，{ $blocks } 个完整的块）
inspect-zstd-reserved-block = 偏移量 { $offset } 处有一个保留类型的 zstd 块
inspect-zstd-in-block = zstd 数据流在第 { $block } 个块内结束（文件有 { $len } 字节，该块结束于 { $end }）
inspect-zstd-in-checksum = zstd 数据流在帧校验和内结束
inspect-zstd-complete = { $frames } 个帧（共 { $blocks } 个块）在文件末尾结束（已遍历块头）
inspect-bzip2-complete = 数据流结束标记位于文件末尾
inspect-bzip2-no-marker = 文件末尾缺少 bzip2 数据流结束标记：文件被截断了
inspect-gzip-stopped = 已将 { $len } 个压缩字节中的部分解压为 { $bytes } 字节，并在此停止
inspect-gzip-stops = gzip 数据流在解压 { $bytes } 字节后中断（已读取 { $len } 个压缩字节中的 { $taken } 个）：{ $error }
inspect-gzip-complete = 全部 { $len } 字节已解压为 { $bytes } 字节，CRC32 和长度已检查
# 把同一行中的多个已翻译的条目连接起来。
inspect-list-separator = { "；" }

## 格式检测
inspect-note-nested-too-deeply = 封装嵌套过深；未检查其内容
inspect-polyglot = 该文件同时符合多种格式：{ $formats }
inspect-note-content-looks-like = 内容看起来是 { $mime }（{ $extension }）
inspect-note-raw-in-wrapper = 封装内的 raw 数据：不全部解压就无法得知虚拟大小
inspect-virtual-size-over-limit = 虚拟大小 { $size } 字节超出了 { $limit } 字节的限制

## ISO
inspect-iso-note-volume = 卷 { $label }，声明为 { $bytes } 字节
inspect-iso-note-larger = 卷描述符声明了 { $bytes } 字节，多于文件的 { $len } 字节

## LUKS
inspect-luks-version = LUKS 版本 { $version } 既不受 qemu 支持，也不被 Glance 接受
inspect-luks-header-short = LUKS 头部被截断
inspect-luks-payload-beyond = 有效载荷偏移量 { $offset } 超出了文件末尾（{ $len } 字节）

## raw 磁盘的 MBR 和 GPT 分区表
inspect-mbr-boot-flag = MBR 分区表项 { $entry } 的引导标志 { $flag } 无效
inspect-mbr-partition = { $number }：类型 { $kind }，起始扇区 { $start }，扇区数 { $sectors }
inspect-gpt-protective-chs = GPT 保护性 MBR 表项 { $entry } 的起始 CHS 无效
inspect-gpt-protective-lba = GPT 保护性 MBR 表项 { $entry } 起始于 LBA { $lba }，而不是 1
inspect-gpt-protective-others = GPT 保护性 MBR 在表项 0 之外还定义了其他分区
inspect-mbr-no-partitions = MBR 没有定义任何分区
inspect-note-partitions = { $table } 分区：{ $partitions }
inspect-note-gpt-header-missing = 保护性 MBR 之后在 LBA 1 处没有 GPT 头
inspect-note-gpt-crc = GPT 头的 CRC 不匹配
inspect-note-gpt = GPT 的 { $count } 个表项中有 { $used } 个分区，扇区大小 { $sector } 字节

## QED
inspect-qed-refused = Glance 拒绝 QED 镜像，qemu 也已弃用该格式
inspect-qed-header-short = QED 头部被截断
inspect-qed-features = 未知的 QED 特性位 { $bits }
inspect-qed-l1-beyond = 位于偏移量 { $offset } 处的 L1 表超出了文件末尾

## tar 和 OVA
inspect-tar-absolute = 是绝对路径
inspect-tar-dotdot = 含有“..”部分
inspect-tar-header-cut = tar 归档在偏移量 { $offset } 处的头部中间结束
inspect-tar-note-continues = 归档在已检查的前缀之后仍有内容（偏移量 { $offset }）；那里的成员未检查
inspect-tar-too-many-headers = 归档的成员头超过 { $cap } 个；偏移量 { $offset } 之后的未检查
inspect-tar-bad-checksum = 偏移量 { $offset } 处的 tar 头校验和错误；无法检查其后的成员
inspect-tar-escape = 成员 { $name } { $why }：解压它会写到目标文件夹之外
inspect-tar-name-too-long = 长度达到 { $bytes } 字节或更长的成员名无法检查
inspect-tar-symlink = 成员 { $name } 是指向 { $target } 的符号链接
inspect-tar-hardlink = 成员 { $name } 是指向 { $target } 的硬链接
inspect-tar-member-beyond = 位于偏移量 { $offset } 处的 tar 成员（{ $size } 字节）超出了归档末尾
inspect-tar-word-ova = OVA
inspect-tar-word-tar = tar 归档
inspect-tar-no-disk = 该 { $what } 中没有磁盘镜像：没有可检查的内容
inspect-tar-no-disk-prefix = 该 { $what } 已检查的前缀中没有磁盘镜像：没有可检查的内容
inspect-tar-too-many-disks = 归档有 { $count } 个磁盘成员；只检查了前 { $cap } 个
inspect-tar-note-member = 已检查成员 { $name }（{ $bytes } 字节）
inspect-in-member = 在成员 { $name }（{ $format }）中：{ $detail }

## VDI
inspect-vdi-header-short = VDI 头部被截断
inspect-vdi-version = VDI 版本 { $version } 不是 1.1
inspect-vdi-type = qemu 不支持 VDI 镜像类型 { $kind }
inspect-vdi-geometry = qemu 不支持该 VDI 几何参数（扇区/块大小或对齐方式）
inspect-vdi-size = VDI 磁盘大小超过了镜像中的块
inspect-vdi-parent = VDI 引用了父镜像（link/parent UUID 非零）
inspect-vdi-map-beyond = 位于偏移量 { $offset } 处的块映射表（{ $size } 字节）超出了文件末尾（{ $len } 字节）
inspect-block-beyond = 位于偏移量 { $offset } 处的已分配块超出了文件末尾（{ $len } 字节）

## VHD
inspect-vhd-footer-short = VHD 尾部被截断
inspect-vhd-note-checksum = VHD 尾部的校验和不匹配（qemu 只会警告）
inspect-vhd-too-large = VHD 超过了 qemu 的 2040 GiB 上限
inspect-vhd-fixed-short = 固定 VHD 对外提供 { $exposed } 字节，但只包含 { $held } 字节
inspect-vhd-no-footer-copy = 动态 VHD 在偏移量 0 处没有尾部副本
inspect-vhd-disk-type = 未知的 VHD 磁盘类型 { $kind }
inspect-vhd-dynamic-beyond = 位于 { $offset } 处的动态头超出了文件末尾
inspect-vhd-no-cookie = 动态 VHD 头缺少 cxsparse 标识
inspect-vhd-block-size = 无效的 VHD 块大小 { $size }
inspect-vhd-bat-small = VHD 块表对于磁盘大小来说太小
inspect-vhd-parent = 差异 VHD 指定了父镜像 { $name }；未打开该文件
inspect-vhd-bat-beyond = 位于偏移量 { $offset } 处的块表（{ $size } 字节）超出了文件末尾（{ $len } 字节）

## VHDX
inspect-vhdx-no-header = 没有有效的 VHDX 头（签名、CRC-32C 或版本）
inspect-vhdx-note-log = 必须重放 VHDX 日志；qemu 拒绝以只读方式打开它
inspect-vhdx-log-beyond = VHDX 日志超出了文件末尾
inspect-vhdx-region-table = VHDX 区域表缺失或未通过 CRC-32C 校验
inspect-vhdx-regions = { $count } 个 VHDX 区域（最多 2047 个）
inspect-vhdx-region-beyond = 位于偏移量 { $offset } 处的 VHDX 区域（{ $size } 字节）超出了文件末尾
inspect-vhdx-unknown-region = VHDX 有一个 qemu 不认识的必需区域
inspect-vhdx-no-bat = VHDX 缺少 BAT 或元数据区域
inspect-vhdx-no-metadata = 缺少 VHDX 元数据表
inspect-vhdx-metadata-entries = VHDX 元数据条目过多
inspect-vhdx-unknown-item = VHDX 有一个 qemu 不认识的必需元数据项
inspect-vhdx-missing-items = VHDX 缺少必需的元数据项
inspect-vhdx-block-size = 无效的 VHDX 块大小 { $size }
inspect-vhdx-note-4k = 4096 字节的逻辑扇区：镜像声明了 { $bytes } 字节，qemu 报告的是其八分之一
inspect-vhdx-sector-size = 不支持的逻辑扇区大小 { $size }
inspect-vhdx-parent = 差异 VHDX 指定了父镜像 { $paths }；未打开该文件
inspect-vhdx-block-beyond = 位于偏移量 { $offset } 处的已分配 VHDX 块超出了文件末尾（{ $len } 字节）

## VMDK
inspect-vmdk-note-no-extents = 描述符没有指定任何区段
inspect-vmdk-extent = { $why }：区段 { $kind } { $file } 是 qemu 会打开的另一个主机文件
inspect-vmdk-extent-slash = { $why }：区段 { $kind } { $file }（含有“/”的路径）是 qemu 会打开的另一个主机文件
inspect-vmdk-create-type = 创建类型 { $kind } 不是 monolithicSparse 或 streamOptimized
inspect-vmdk-no-create-type = 描述符没有 createType
inspect-vmdk-parent = 描述符指定了父镜像 { $name }（parentFileNameHint）；未打开该文件
inspect-vmdk-text-descriptor = 文本描述符
inspect-vmdk-capacity-zero = 容量为 0 的稀疏头会让 qemu 使用其内嵌的描述符
inspect-vmdk-cowd = 旧式 COWD（vmfsSparse）稀疏文件
inspect-vmdk-header-short = VMDK 稀疏头被截断
inspect-vmdk-footer-invalid = streamOptimized 尾部缺失或无效
inspect-vmdk-note-footer-outside = 未检查尾部（位于解压后的前缀之外）
inspect-vmdk-no-descriptor = 稀疏 VMDK 没有内嵌描述符
inspect-vmdk-extent-line = 区段行 { $line } 含有“/”
inspect-vmdk-version = 不支持的 VMDK 版本 { $version }
inspect-vmdk-grain-size = 无效的粒度大小或粒度表大小
inspect-vmdk-gd-too-large = 粒度目录超过了 qemu 允许的大小
inspect-vmdk-grains-beyond = 粒度数据起始于扇区 { $sector }，超出了文件末尾
inspect-vmdk-gd = 粒度目录
inspect-vmdk-rgd = 冗余粒度目录
inspect-vmdk-gd-beyond = { $what }（位于扇区 { $sector }，{ $size } 字节）超出了文件末尾（{ $len } 字节）
inspect-vmdk-gt-beyond = 位于偏移量 { $offset } 处的粒度表超出了文件末尾
inspect-vmdk-grain-beyond = 位于偏移量 { $offset } 处的粒度超出了文件末尾（{ $len } 字节）

## 查看内部（src/convert/guest/）：无法进行的原因
inspect-guest-unsafe = 不查看 { $path } 的内部：该文件不安全（{ $reasons }）
inspect-guest-unsafe-word = 不安全
inspect-guest-compressed = { $path } 是 { $format } 压缩的：请先解压再查看内部
inspect-guest-no-disk = { $path } 中没有可查看内部的磁盘镜像
inspect-guest-unsupported = { $path }：不支持读取 { $format } 镜像的内部
inspect-guest-io = 无法读取 { $path }：{ $error }

## 查看内部：过程中的发现（GuestFinding）
inspect-guest-not-read = 分区 { $number } 的内容为：{ $holds }，已识别但未读取
inspect-guest-unreadable = 分区 { $number }（{ $fs }）：{ $error }
inspect-guest-budget = 已达到读取上限（{ $bytes } 字节）；报告只包含此前发现的内容
inspect-guest-no-os = 在可读取的文件系统上没有找到操作系统
inspect-guest-no-os-release = 分区 { $number } 看起来是 Linux 根分区，但没有指明发行版
inspect-guest-fs-lvm = LVM 物理卷
inspect-guest-fs-luks = LUKS 加密卷
inspect-guest-fs-unknown = 未知数据
inspect-guest-path-error = { $path }：{ $error }
inspect-guest-hive-unreadable = { $hive }：无法读取注册表配置单元；版本未知
inspect-fs-not-found = { $path } 不存在
inspect-fs-not-a-directory = { $path } 不是目录
inspect-fs-too-large = { $path } 声称有 { $size } 字节，超过了单个客户机文件 { $cap } 字节的上限
inspect-fs-loop = 解析 { $path } 时跟随了过多的符号链接或路径部分（可能存在循环）
inspect-guest-table-unreadable = 无法读取分区表：{ $error }
inspect-guest-no-protective-mbr = 找到了一个没有保护性 MBR 的 GPT
inspect-guest-gpt-missing = MBR 保护着一个 GPT，但没有找到有效的 GPT 头
inspect-guest-second-extended = 分区 { $number } 是第二个扩展分区（已忽略）
inspect-guest-past-end = 分区 { $number }（{ $start }+{ $size } 字节）超出了磁盘末尾（{ $disk } 字节）
inspect-guest-logical-loop = 逻辑分区链回到了偏移量 { $offset }；已停止
inspect-guest-too-many-logical = 逻辑分区超过 { $cap } 个；其余的未列出
inspect-guest-ebr-past-end = 位于 { $offset } 处的扩展引导记录超出了磁盘末尾
inspect-guest-ebr-unreadable = 无法读取位于 { $offset } 处的扩展引导记录：{ $error }
inspect-guest-ebr-no-signature = 位于 { $offset } 处的扩展引导记录没有签名；分区链到此结束
inspect-guest-gpt-backup = 主 GPT 头已损坏；使用了备份 GPT 头
inspect-guest-gpt-header-size = 位于 { $offset } 处的 GPT 头声明了无效的大小 { $size }
inspect-guest-gpt-header-crc = 位于偏移量 { $offset } 处的 GPT 头未通过 CRC-32 校验
inspect-guest-gpt-entry-size = GPT 表项大小 { $size } 无效
inspect-guest-gpt-too-many = GPT 声明了 { $count } 个表项；只读取前 { $cap } 个
inspect-guest-gpt-array-past-end = 位于 { $offset } 处的 GPT 表项数组超出了磁盘末尾
inspect-guest-gpt-array-unreadable = 无法读取 GPT 表项数组：{ $error }
inspect-guest-gpt-array-crc = GPT 分区表项数组未通过 CRC-32 校验
inspect-guest-gpt-backwards = GPT 分区 { $number } 的结束位置在起始位置之前

## 拒绝（backend::inspection）
inspect-refusal-reason = { $reason }：{ $detail }
inspect-mismatch-or-auto = { $mismatch }；也可以使用 --disk-format auto 创建
