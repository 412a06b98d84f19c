module github.com/wardenft/warden/bench

go 1.26

replace github.com/wardenft/warden => ../

require (
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
	go.etcd.io/bbolt v1.5.0 // indirect
	golang.org/x/sys v0.45.0 // indirect
)
