module github.com/wardenft/warden/bench

go 1.26.0

replace github.com/wardenft/warden => ../

require (
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/wardenft/warden v0.0.0-00010101000000-000000000000
	go.etcd.io/bbolt v1.5.0
)

require golang.org/x/sys v0.48.0 // indirect
