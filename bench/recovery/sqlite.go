package main

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	_ "github.com/mattn/go-sqlite3" // the real C SQLite, through cgo
)

// sqliteBusyTimeoutMillis is how long a connection waits for the write lock before
// SQLITE_BUSY; far longer than any commit here, so busy errors mean a bug, not load.
const sqliteBusyTimeoutMillis = 10_000

// sqliteStore is SQLite in WAL mode with synchronous=FULL (every commit fsyncs the WAL), one
// transaction per transfer: BEGIN IMMEDIATE (take the write lock up front, so two readers never
// both try to upgrade), read both balances, two UPDATEs, COMMIT.
type sqliteStore struct {
	db             *sql.DB
	selectBalances *sql.Stmt
	updateBalance  *sql.Stmt
}

func sqliteContender(maxConns int) contender {
	return contender{
		name:    "sqlite-wal",
		durable: true,
		about: fmt.Sprintf("sqlite-wal: SQLite WAL, synchronous=FULL, BEGIN IMMEDIATE per transfer, "+
			"busy_timeout %dms, pool of %d connection(s)", sqliteBusyTimeoutMillis, maxConns),
		open: func(dir string, accounts int) (system, error) {
			return openSQLite(filepath.Join(dir, "sqlite.db"), accounts, maxConns)
		},
	}
}

func openSQLite(path string, accounts, maxConns int) (*sqliteStore, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	// The driver applies these to every connection it opens; _txlock makes db.Begin issue
	// BEGIN IMMEDIATE.
	dsn := fmt.Sprintf("%s?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=%d&_txlock=immediate",
		path, sqliteBusyTimeoutMillis)
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	s := &sqliteStore{db: db}
	if err := s.init(accounts); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}

func (s *sqliteStore) init(accounts int) error {
	// Check that the settings took: a benchmark of the wrong configuration is worse than none.
	var journal string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&journal); err != nil {
		return err
	}
	var syncMode int
	if err := s.db.QueryRow("PRAGMA synchronous").Scan(&syncMode); err != nil {
		return err
	}
	if journal != "wal" || syncMode != 2 {
		return fmt.Errorf("sqlite: journal_mode %q synchronous %d, want wal and 2 (FULL)", journal, syncMode)
	}
	if _, err := s.db.Exec("CREATE TABLE IF NOT EXISTS accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)"); err != nil {
		return err
	}
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM accounts").Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		tx, err := s.db.Begin()
		if err != nil {
			return err
		}
		for i := 0; i < accounts; i++ {
			if _, err := tx.Exec("INSERT INTO accounts (id, balance) VALUES (?, ?)", i, initialBalance); err != nil {
				return errors.Join(err, tx.Rollback())
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	var err error
	if s.selectBalances, err = s.db.Prepare("SELECT id, balance FROM accounts WHERE id IN (?, ?)"); err != nil {
		return err
	}
	s.updateBalance, err = s.db.Prepare("UPDATE accounts SET balance = ? WHERE id = ?")
	return err
}

func (s *sqliteStore) transfer(from, to int, amount int64) (err error) {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	rows, err := tx.Stmt(s.selectBalances).Query(from, to)
	if err != nil {
		return err
	}
	var bf, bt int64
	seen := 0
	for rows.Next() {
		var id int
		var bal int64
		if err := rows.Scan(&id, &bal); err != nil {
			return errors.Join(err, rows.Close())
		}
		switch id {
		case from:
			bf = bal
		case to:
			bt = bal
		}
		seen++
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	if seen != 2 {
		return fmt.Errorf("sqlite: found %d of accounts %d and %d", seen, from, to)
	}
	upd := tx.Stmt(s.updateBalance)
	if _, err := upd.Exec(bf-amount, from); err != nil {
		return err
	}
	if _, err := upd.Exec(bt+amount, to); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *sqliteStore) total() (int64, error) {
	var t int64
	err := s.db.QueryRow("SELECT sum(balance) FROM accounts").Scan(&t)
	return t, err
}

func (s *sqliteStore) close() error {
	return errors.Join(s.selectBalances.Close(), s.updateBalance.Close(), s.db.Close())
}
