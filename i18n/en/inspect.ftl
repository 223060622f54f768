# Messages of this area; ids are checked against the other language by src/i18n/tests.rs.

## The inspector's words (src/convert/inspect/): each finding's detail, each note and each
## description is a message with its arguments, rendered in English for JSON and stored
## text and in the reader's language for display (src/convert/inspect/msg.rs). Format
## names, field names and the names read from a file stay as they are.

# Text that is the same in every language (format names and numbers).
inspect-text = { $text }
# An unsafe finding: the reason's label (with its code) and the detail.
inspect-finding = { $reason }: { $detail }
# Joins several findings in one line.
inspect-reason-separator = { "; " }
# Looking inside failed: what was looked into, and why.
inspect-guest-error = { $subject }: { $cause }

## UnsafeReason labels (the code is shown beside them; in English the code alone).
inspect-reason-backing-file = backing file
inspect-reason-data-file = data file
inspect-reason-unknown-features = unknown features
inspect-reason-vmdk-subformat = vmdk subformat
inspect-reason-vmdk-extent = vmdk extent
inspect-reason-qed = qed
inspect-reason-polyglot = polyglot
inspect-reason-truncated = truncated
inspect-reason-virtual-size-over-limit = virtual size over limit
inspect-reason-invalid-partition-table = invalid partition table
inspect-reason-invalid-header = invalid header
inspect-reason-archive-path-escape = archive path escape
inspect-reason-archive-link = archive link
inspect-reason-no-disk = no disk
inspect-reason-too-many-members = too many members
inspect-reason-incomplete-stream = incomplete stream

## Descriptions (Inspection::describe).
inspect-describe-compressed = { $compression }-compressed { $inner }
inspect-describe-compressed-data = { $compression }-compressed data
inspect-describe-tar = tar archive containing { $inner }
inspect-describe-tar-more = tar archive containing { $inner } and { $more ->
        [one] { $more } more disk
       *[other] { $more } more disks
    }
inspect-describe-tar-empty = tar archive without a disk
inspect-describe-ova = OVA containing { $inner }
inspect-describe-ova-more = OVA containing { $inner } and { $more ->
        [one] { $more } more disk
       *[other] { $more } more disks
    }
inspect-describe-ova-empty = OVA without a disk

## A declared disk_format that is not the content's (Mismatch).
inspect-mismatch = declared disk_format '{ $declared }' but the content is { $description }
inspect-mismatch-declare-both = { $mismatch } (declare disk_format '{ $disk_format }' with container_format '{ $container_format }')
inspect-mismatch-declare-disk = { $mismatch } (declare disk_format '{ $disk_format }')
inspect-mismatch-use-container = { $mismatch } (use container_format '{ $container_format }')
inspect-mismatch-no-disk-format = { $mismatch } (Glance has no disk_format for it)

## Shared by several formats.
inspect-note-internal-read-error = internal read error: { $error }
inspect-backing-file = image has a backing file { $name }; it is not opened

## qcow2
inspect-qcow2-header-short = qcow2 header is cut short ({ $bytes } bytes)
inspect-qcow2-v3-header-short = qcow2 v3 header is cut short
inspect-qcow2-version-1 = qcow version 1 is obsolete and not accepted by Glance
inspect-qcow2-version = unsupported qcow2 version { $version }
inspect-qcow2-cluster-bits = cluster_bits { $bits } outside qemu's range 9..=21
inspect-qcow2-data-file-unnamed = "(name not recorded in the image)"
inspect-qcow2-data-file = guest data lives in external data file { $name } (incompatible bit 2); it is not opened
inspect-qcow2-data-file-no-bit = image names external data file { $name } (without incompatible bit 2)
inspect-qcow2-header-length = header_length { $length } < 104
inspect-qcow2-header-length-cluster = header_length exceeds the cluster size
inspect-qcow2-refcount-order = refcount_order { $order } > 6
inspect-qcow2-backing-outside = backing file name lies outside the first cluster
inspect-qcow2-encryption = unknown encryption method { $method }
inspect-qcow2-l1-too-large = L1 table of { $entries } entries is larger than qemu allows
inspect-qcow2-l1-too-small = L1 table of { $entries } entries is too small for the virtual size
inspect-qcow2-l1-unaligned = L1 table offset is not cluster aligned
inspect-qcow2-refcount-unaligned = refcount table offset is not cluster aligned
inspect-qcow2-no-refcount = image has no refcount table
inspect-qcow2-refcount-too-large = refcount table is larger than qemu allows
inspect-qcow2-snapshots = { $count } snapshots is more than qemu allows
inspect-qcow2-unknown-bits = unknown incompatible feature bit(s) { $bits }
inspect-qcow2-compression-type = unknown compression type { $kind }
inspect-qcow2-compression-no-bit = compression type { $kind } set without incompatible bit 3
inspect-qcow2-extension-overrun = header extension { $extension } overruns the first cluster
inspect-qcow2-note-bitmaps = persistent dirty bitmaps present
inspect-qcow2-note-extension = unknown header extension { $extension } (ignored by qemu)
inspect-qcow2-note-bit-name = unknown incompatible bit { $bit } is named { $name }
inspect-qcow2-backing-name-long = backing file name of { $bytes } bytes is too long
inspect-qcow2-beyond = { $what } at offset { $offset } ({ $size } bytes) extends beyond the end of the file ({ $len } bytes)
inspect-qcow2-l1-table = L1 table
inspect-qcow2-refcount-table = refcount table
inspect-qcow2-snapshot-table = snapshot table
inspect-qcow2-luks-header = LUKS encryption header
inspect-qcow2-l2-table = L2 table
inspect-qcow2-note-l2-beyond = { $count } L2 tables lie beyond the end of the file
inspect-qcow2-cluster-beyond = allocated cluster at offset { $offset } lies beyond the end of the file ({ $len } bytes)
inspect-qcow2-note-clusters-beyond = { $count } sampled clusters lie beyond the end of the file

## Compressed files (gzip, xz, zstd, bzip2)
inspect-propagated = inside the { $format }: { $detail }
inspect-stream-prefix-only = the compressed data is itself only a prefix
inspect-stream-decoded = decoded to its end
inspect-stream-does-not-decode = the { $kind } stream does not decode to its end: all { $taken } compressed bytes were read and gave { $bytes } bytes ({ $error })
inspect-note-decompression-stopped = decompression stopped after { $bytes } bytes: { $error }
inspect-note-whole-stream = the whole stream ({ $bytes } bytes decompressed) was inspected
inspect-note-prefix = inspected a { $bytes }-byte decompressed prefix
inspect-note-stream-complete = the { $kind } stream is complete: { $how }
inspect-stream-incomplete = { $what }: the data is incomplete
inspect-note-stream-unverified = completeness of the { $kind } stream was not verified: { $why }
inspect-gzip-no-index = gzip has no index, so a stream longer than the { $cap } bytes read is only proven complete by decompressing it all (InspectOptions::verify_whole_streams)
inspect-not-compression = not a compression format
inspect-xz-no-stream = no complete xz stream ends at offset { $offset }
inspect-xz-footer-missing = the xz stream footer is missing at the end (offset { $offset }): the file was cut
inspect-xz-index-large = an xz index of { $bytes } bytes is larger than the { $cap } read
inspect-xz-index-before = the xz footer's index ({ $bytes } bytes) starts before the file
inspect-xz-index-damaged = the xz index at offset { $offset } is damaged
inspect-xz-index-no-header = the xz index at offset { $offset } does not lead back to a stream header
inspect-xz-complete = { $streams } stream(s) of { $blocks } block(s) end at the end of the file (footers and indexes checked)
inspect-xz-too-many-streams = more than { $cap } concatenated xz streams
inspect-zstd-skippable = a zstd skippable frame extends past the end of the file ({ $len } bytes)
inspect-zstd-no-frame = no zstd frame where one should start (offset { $offset })
inspect-zstd-too-many-blocks = more than { $cap } zstd blocks; the walk stopped at offset { $offset }
inspect-zstd-in-header = the zstd stream ends inside a block header (offset { $offset }, { $blocks } complete blocks)
inspect-zstd-reserved-block = a zstd block with the reserved type at offset { $offset }
inspect-zstd-in-block = the zstd stream ends inside block { $block } ({ $len } bytes in the file, the block ends at { $end })
inspect-zstd-in-checksum = the zstd stream ends inside its frame checksum
inspect-zstd-complete = { $frames } frame(s) of { $blocks } block(s) end at the end of the file (block headers walked)
inspect-bzip2-complete = the end-of-stream marker ends the file
inspect-bzip2-no-marker = the bzip2 end-of-stream marker is missing at the end of the file: the file was cut
inspect-gzip-stopped = decompressed { $bytes } bytes of { $len } compressed bytes and stopped there
inspect-gzip-stops = the gzip stream stops after { $bytes } decompressed bytes ({ $taken } of { $len } compressed bytes read): { $error }
inspect-gzip-complete = all { $len } bytes decompressed to { $bytes } bytes, CRC32 and length checked
# Joins several translated items in one line.
inspect-list-separator = { ", " }

## Detection
inspect-note-nested-too-deeply = wrappers nested too deeply; the content was not inspected
inspect-polyglot = the file matches several formats: { $formats }
inspect-note-content-looks-like = content looks like { $mime } ({ $extension })
inspect-note-raw-in-wrapper = raw data inside a wrapper: virtual size unknown without decompressing it all
inspect-virtual-size-over-limit = virtual size { $size } bytes exceeds the limit of { $limit } bytes

## ISO
inspect-iso-note-volume = volume { $label }, { $bytes } bytes declared
inspect-iso-note-larger = the volume descriptor declares { $bytes } bytes, more than the file's { $len }

## LUKS
inspect-luks-version = LUKS version { $version } is not supported by qemu nor accepted by Glance
inspect-luks-header-short = LUKS header is cut short
inspect-luks-payload-beyond = payload offset { $offset } lies beyond the end of the file ({ $len } bytes)

## MBR and GPT partition tables of raw disks
inspect-mbr-boot-flag = MBR partition entry { $entry } has an invalid boot flag { $flag }
inspect-mbr-partition = { $number }:type { $kind } start { $start } sectors { $sectors }
inspect-gpt-protective-chs = GPT protective MBR entry { $entry } has an invalid start CHS
inspect-gpt-protective-lba = GPT protective MBR entry { $entry } starts at LBA { $lba }, not 1
inspect-gpt-protective-others = GPT protective MBR defines other partitions besides entry 0
inspect-mbr-no-partitions = MBR defines no partitions
inspect-note-partitions = { $table } partitions: { $partitions }
inspect-note-gpt-header-missing = protective MBR without a GPT header at LBA 1
inspect-note-gpt-crc = GPT header CRC does not match
inspect-note-gpt = GPT with { $used } partition(s) of { $count } entries, { $sector }-byte sectors

## QED
inspect-qed-refused = QED images are refused by Glance and deprecated in qemu
inspect-qed-header-short = QED header is cut short
inspect-qed-features = unknown QED feature bits { $bits }
inspect-qed-l1-beyond = L1 table at offset { $offset } extends beyond the end of the file

## tar and OVA
inspect-tar-absolute = is an absolute path
inspect-tar-dotdot = has a ".." component
inspect-tar-header-cut = tar archive ends inside a header at offset { $offset }
inspect-tar-note-continues = the archive continues past the inspected prefix (offset { $offset }); members there were not inspected
inspect-tar-too-many-headers = the archive has more than { $cap } member headers; those after offset { $offset } were not inspected
inspect-tar-bad-checksum = tar header at offset { $offset } has a bad checksum; the members after it cannot be inspected
inspect-tar-escape = member { $name } { $why }: extracting it writes outside the folder
inspect-tar-name-too-long = member name of { $bytes } bytes or more cannot be checked
inspect-tar-symlink = member { $name } is a symbolic link to { $target }
inspect-tar-hardlink = member { $name } is a hard link to { $target }
inspect-tar-member-beyond = tar member at offset { $offset } ({ $size } bytes) extends beyond the end of the archive
inspect-tar-word-ova = OVA
inspect-tar-word-tar = tar archive
inspect-tar-no-disk = the { $what } holds no disk image: there is nothing to inspect
inspect-tar-no-disk-prefix = the { $what } holds no disk image in the inspected prefix: there is nothing to inspect
inspect-tar-too-many-disks = the archive has { $count } disk members; only the first { $cap } were inspected
inspect-tar-note-member = inspected member { $name } ({ $bytes } bytes)
inspect-in-member = in member { $name } ({ $format }): { $detail }

## VDI
inspect-vdi-header-short = VDI header is cut short
inspect-vdi-version = VDI version { $version } is not 1.1
inspect-vdi-type = VDI image type { $kind } is not supported by qemu
inspect-vdi-geometry = VDI geometry (sector/block size or alignment) is not supported by qemu
inspect-vdi-size = VDI disk size exceeds the blocks in the image
inspect-vdi-parent = VDI refers to a parent image (non-zero link/parent UUID)
inspect-vdi-map-beyond = block map at offset { $offset } ({ $size } bytes) extends beyond the end of the file ({ $len } bytes)
inspect-block-beyond = allocated block at offset { $offset } lies beyond the end of the file ({ $len } bytes)

## VHD
inspect-vhd-footer-short = VHD footer is cut short
inspect-vhd-note-checksum = VHD footer checksum does not match (qemu only warns)
inspect-vhd-too-large = VHD is larger than qemu's 2040 GiB maximum
inspect-vhd-fixed-short = fixed VHD exposes { $exposed } bytes but holds only { $held }
inspect-vhd-no-footer-copy = dynamic VHD without a footer copy at offset 0
inspect-vhd-disk-type = unknown VHD disk type { $kind }
inspect-vhd-dynamic-beyond = dynamic header at { $offset } lies beyond the end of the file
inspect-vhd-no-cookie = dynamic VHD header has no cxsparse cookie
inspect-vhd-block-size = invalid VHD block size { $size }
inspect-vhd-bat-small = VHD block table is too small for the disk size
inspect-vhd-parent = differencing VHD names parent { $name }; it is not opened
inspect-vhd-bat-beyond = block table at offset { $offset } ({ $size } bytes) extends beyond the end of the file ({ $len } bytes)

## VHDX
inspect-vhdx-no-header = no valid VHDX header (signature, CRC-32C or version)
inspect-vhdx-note-log = the VHDX log must be replayed; qemu refuses to open it read-only
inspect-vhdx-log-beyond = VHDX log extends beyond the end of the file
inspect-vhdx-region-table = VHDX region table is missing or fails its CRC-32C
inspect-vhdx-regions = { $count } VHDX regions (at most 2047)
inspect-vhdx-region-beyond = VHDX region at offset { $offset } ({ $size } bytes) extends beyond the end of the file
inspect-vhdx-unknown-region = VHDX has a required region qemu does not know
inspect-vhdx-no-bat = VHDX lacks a BAT or metadata region
inspect-vhdx-no-metadata = VHDX metadata table is missing
inspect-vhdx-metadata-entries = too many VHDX metadata entries
inspect-vhdx-unknown-item = VHDX has a required metadata item qemu does not know
inspect-vhdx-missing-items = VHDX lacks required metadata items
inspect-vhdx-block-size = invalid VHDX block size { $size }
inspect-vhdx-note-4k = 4096-byte logical sectors: the image declares { $bytes } bytes, qemu reports an eighth
inspect-vhdx-sector-size = logical sector size { $size } is not supported
inspect-vhdx-parent = differencing VHDX names parent { $paths }; it is not opened
inspect-vhdx-block-beyond = allocated VHDX block at offset { $offset } lies beyond the end of the file ({ $len } bytes)

## VMDK
inspect-vmdk-note-no-extents = descriptor names no extents
inspect-vmdk-extent = { $why }: extent { $kind } { $file } is a separate host file qemu would open
inspect-vmdk-extent-slash = { $why }: extent { $kind } { $file }, a path containing '/' is a separate host file qemu would open
inspect-vmdk-create-type = create type { $kind } is not monolithicSparse or streamOptimized
inspect-vmdk-no-create-type = descriptor has no createType
inspect-vmdk-parent = descriptor names parent { $name } (parentFileNameHint); it is not opened
inspect-vmdk-text-descriptor = text descriptor
inspect-vmdk-capacity-zero = sparse header with capacity 0 makes qemu follow its embedded descriptor
inspect-vmdk-cowd = legacy COWD (vmfsSparse) sparse file
inspect-vmdk-header-short = VMDK sparse header is cut short
inspect-vmdk-footer-invalid = streamOptimized footer is missing or invalid
inspect-vmdk-note-footer-outside = footer not inspected (outside the decompressed prefix)
inspect-vmdk-no-descriptor = sparse VMDK without an embedded descriptor
inspect-vmdk-extent-line = extent line { $line } contains '/'
inspect-vmdk-version = unsupported VMDK version { $version }
inspect-vmdk-grain-size = invalid grain size or grain table size
inspect-vmdk-gd-too-large = grain directory is larger than qemu allows
inspect-vmdk-grains-beyond = grains start at sector { $sector }, beyond the end of the file
inspect-vmdk-gd = grain directory
inspect-vmdk-rgd = redundant grain directory
inspect-vmdk-gd-beyond = { $what } at sector { $sector } ({ $size } bytes) extends beyond the end of the file ({ $len } bytes)
inspect-vmdk-gt-beyond = grain table at offset { $offset } lies beyond the end of the file
inspect-vmdk-grain-beyond = grain at offset { $offset } lies beyond the end of the file ({ $len } bytes)

## Looking inside (src/convert/guest/): why it could not run
inspect-guest-unsafe = not inspecting inside { $path }: the file is unsafe ({ $reasons })
inspect-guest-unsafe-word = unsafe
inspect-guest-compressed = { $path } is { $format }-compressed: decompress it first to look inside
inspect-guest-no-disk = { $path } holds no disk image to look inside
inspect-guest-unsupported = { $path }: reading inside a { $format } image is not supported
inspect-guest-io = cannot read { $path }: { $error }

## Looking inside: what was found on the way (GuestFinding)
inspect-guest-not-read = partition { $number } holds { $holds }, which is named but not read
inspect-guest-unreadable = partition { $number } ({ $fs }): { $error }
inspect-guest-budget = the read limit ({ $bytes } bytes) was reached; the report holds what was found before
inspect-guest-no-os = no operating system was found on the readable filesystems
inspect-guest-no-os-release = partition { $number } looks like a Linux root but names no distribution
inspect-guest-fs-lvm = an LVM physical volume
inspect-guest-fs-luks = a LUKS encrypted volume
inspect-guest-fs-unknown = unknown data
inspect-guest-path-error = { $path }: { $error }
inspect-guest-hive-unreadable = { $hive }: the registry hive could not be read; version unknown
inspect-fs-not-found = { $path } does not exist
inspect-fs-not-a-directory = { $path } is not a directory
inspect-fs-too-large = { $path } claims { $size } bytes, over the { $cap }-byte cap for one guest file
inspect-fs-loop = resolving { $path } followed too many symlinks or components (a loop?)
inspect-guest-table-unreadable = the partition table could not be read: { $error }
inspect-guest-no-protective-mbr = a GPT was found without a protective MBR
inspect-guest-gpt-missing = the MBR protects a GPT, but no valid GPT header was found
inspect-guest-second-extended = partition { $number } is a second extended partition (ignored)
inspect-guest-past-end = partition { $number } ({ $start }+{ $size } bytes) extends past the disk's end ({ $disk } bytes)
inspect-guest-logical-loop = the logical partition chain loops back to offset { $offset }; stopped
inspect-guest-too-many-logical = more than { $cap } logical partitions; the rest are not listed
inspect-guest-ebr-past-end = an extended boot record at { $offset } lies past the disk's end
inspect-guest-ebr-unreadable = the extended boot record at { $offset } could not be read: { $error }
inspect-guest-ebr-no-signature = the extended boot record at { $offset } has no signature; chain ends
inspect-guest-gpt-backup = the primary GPT header is damaged; the backup header was used
inspect-guest-gpt-header-size = the GPT header at { $offset } declares an invalid size { $size }
inspect-guest-gpt-header-crc = the GPT header at offset { $offset } fails its CRC-32 check
inspect-guest-gpt-entry-size = GPT entry size { $size } is invalid
inspect-guest-gpt-too-many = the GPT declares { $count } entries; only the first { $cap } are read
inspect-guest-gpt-array-past-end = the GPT entry array at { $offset } lies past the disk's end
inspect-guest-gpt-array-unreadable = the GPT entry array could not be read: { $error }
inspect-guest-gpt-array-crc = the GPT partition entry array fails its CRC-32 check
inspect-guest-gpt-backwards = GPT partition { $number } ends before it starts

## Refusals (backend::inspection)
inspect-refusal-reason = { $reason } ({ $detail })
inspect-mismatch-or-auto = { $mismatch }; or create it with --disk-format auto
