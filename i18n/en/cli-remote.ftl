# cli-remote: see src/i18n/mod.rs for how ids are named and used.
# The remote side of the CLI: cloud …, remote …, push, pull, copy, sync, cache … (not --help).

## Table headers (shown in -f table only; the other formats and -c keep the English names)

remote-col-field = Field
remote-col-value = Value
remote-col-name = Name
remote-col-id = ID
remote-col-auth = Auth
remote-col-auth-url = Auth URL
remote-col-user = User
remote-col-project = Project
remote-col-region = Region
remote-col-interface = Interface
remote-col-secret = Secret
remote-col-source = Source
remote-col-status = Status
remote-col-disk = Disk
remote-col-container = Container
remote-col-size = Size
remote-col-visibility = Visibility
remote-col-protected = Protected
remote-col-owner = Owner
remote-col-tags = Tags
remote-col-updated = Updated
remote-col-limit = Limit
remote-col-counts = Counts
remote-col-used = Used
remote-col-limit-value = Limit value
remote-col-used-percent = Used %
remote-col-cloud = Cloud
remote-col-remote-id = Remote ID
remote-col-verified = Verified
remote-col-error = Error
remote-col-case = Case
remote-col-action = Action
remote-col-local-id = Local ID
remote-col-differences = Differences
remote-col-complete = Complete
remote-col-last-used = Last used
remote-col-reason = Reason
remote-col-recorded = Recorded
remote-col-attempts = Attempts
remote-col-last-error = Last error
remote-col-last-attempt = Last attempt
remote-col-outcome = Outcome
remote-col-detail = Detail
remote-col-namespace = Namespace
remote-col-display-name = Display name
remote-col-resource-types = Resource types (prefix)
remote-col-property = Property
remote-col-on-images-as = On images as
remote-col-type = Type
remote-col-title = Title
remote-col-allowed-values = Allowed values
remote-col-object = Object
remote-col-properties = Properties
remote-col-required = Required
remote-col-hits = Hits
remote-col-last-accessed = Last accessed
remote-col-description = Description
remote-col-default = Default
remote-col-read-only = Read-only

## Table cells

remote-secret-in-config = in file/env
remote-secret-keyring-or-prompt = keyring or prompt
remote-secret-prompt-each-time = prompt each time
# A cloud's region when it has several (`regions:`).
remote-region-of = { $region } (of { $regions })
remote-yes = yes
remote-no = no
remote-linked = linked
remote-no-limit = no limit

## Sections above a table

remote-metadef-properties-heading = Properties ({ $count }):
remote-metadef-objects-heading = Objects ({ $count }):
remote-server-cache-cached-heading = Cached images ({ $count }):
remote-server-cache-queued-heading = Queued images ({ $count }):

## Notes and warnings (stderr)

remote-note = note: { $note }
remote-warning = warning: { $warning }
remote-profiles-from = profiles from { $path }
remote-cloud-removed = removed cloud { $name }
remote-cloud-saved = cloud { $name } saved in { $path } (no secret in it)
remote-secret-in-keyring = the secret is in the keyring
remote-pending-shares = note: { $count ->
    [one] { $count } image is shared with your project and waiting for an answer (not listed): remote image list --shared-with-me; accept with remote image set ID --accept
   *[other] { $count } images are shared with your project and waiting for an answer (not listed): remote image list --shared-with-me; accept with remote image set ID --accept
}
remote-image-deleted = deleted remote image { $id }
remote-member-now = image { $id }: member { $project } is now { $status }
remote-push-linked = linked { $image } to remote image { $id } of cloud { $cloud }, which holds the same data (nothing pushed)
remote-pushed = pushed { $image } to cloud { $cloud } as { $id } ({ $method }, os_hash_value verified)
remote-push-failed-stores = warning: the import failed in store(s) { $stores } (--allow-failure)
remote-push-many-linked = { $cloud }: linked { $image } to remote image { $id }, which holds the same data (nothing pushed)
remote-push-many-pushed = { $cloud }: pushed { $image } as { $id } ({ $method }, os_hash_value verified)
remote-push-many-failed = { $cloud }: failed: { $error }
remote-pull-linked = linked local image { $image } to remote image { $id }, which holds the same data (nothing pulled)
remote-pull-already = already pulled as local image { $id }
remote-pull-resumed = resumed from byte { $bytes }; sha512 verified
remote-copy-linked = cloud { $cloud } already holds the data of { $source } as remote image { $target } (nothing copied)
remote-sync-since-last = changes on cloud { $cloud } since the last sync ({ $at })
remote-sync-first = no completed sync with cloud { $cloud } yet: comparing everything
remote-sync-row-refused = { $name }: refused: { $reason }
remote-sync-row-failed = { $name }: failed: { $error }
remote-cache-removed = removed the cache entry of { $name } ({ $size })
remote-cache-queued = cached { $id } at { $path }
remote-cleanup-none = no remote cleanup is pending
remote-cleanup-retried = note: cloud { $cloud }: pending cleanup done: remote image { $id } { $done } ({ $reason })
remote-cleanup-still-pending = note: cloud { $cloud }: { $count } remote cleanup(s) still pending (glance-workbench cloud cleanup list { $cloud })
remote-metadef-none = the cloud defines no metadata namespaces
remote-metadef-none-for = the cloud defines no metadata namespaces for { $resource_type }
remote-metadef-not-for-images = note: this namespace does not apply to { $resource_type }

## Progress lines (what a running job is called)

remote-progress-push = push { $image }
remote-progress-push-many = push { $image } to { $count } clouds
remote-progress-pull = pull { $id }
remote-progress-copy = copy { $id }
remote-progress-sync = sync with { $cloud }
remote-progress-queue = queue { $id }
remote-progress-import-url = import-url { $name }
remote-progress-copy-to-store = copy-to-store { $image }

## Errors (the problem after the subject; the CLI adds "error: SUBJECT: ")

remote-error-expected-pair = expected KEY=VALUE
remote-error-auth-type = expected password, v3applicationcredential or v3totp
remote-error-totp-not-stored = a TOTP passcode is asked for each time and never stored
remote-error-no-secret-given = no secret given on the terminal or stdin
# The subject of an error about one cloud.
remote-error-cloud-subject = cloud "{ $name }"
remote-error-secret-not-stored = saved, but its secret was NOT stored: no keyring service is running (it will be asked for when needed, or put it in secure.yaml / OS_PASSWORD)
remote-error-no-project = the token has no project
remote-error-quota-usage = cloud "{ $cloud }": quota usage
remote-error-server-cache = cloud "{ $cloud }": server cache
remote-error-method = expected upload or glance-direct
remote-error-push-same-data = { $problem }; use --link to record that remote image as this image's origin, or --copy-anyway to push a second copy
remote-error-pull-same-data = { $problem }; use --link to record the remote image as that image's origin, or --copy-anyway to pull a second copy
remote-error-copy-same-data = { $problem }; use --link to use that image as the copy, or --copy-anyway to copy a second one
remote-error-push-many = push to { $failed } of { $total } clouds ({ $clouds })
remote-error-push-many-failed = push to { $failed } of { $total } clouds ({ $clouds }) failed
remote-error-failed = failed
remote-error-sync-failed = { $count } sync action(s) failed
remote-error-sync-subject = sync with cloud { $cloud }
remote-error-sync-refused = { $count } action(s) refused: { $actions }
remote-error-cleanup-failed = { $count } remote cleanup(s) could not be done and stay pending
remote-error-cleanup-failed-because = { $count } remote cleanup(s) could not be done and stay pending: { $reason }
