package main

import (
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// readCRC reads the named files sequentially in 1 MiB chunks and computes CRC32C over each:
// the least any recovery must do with its file. It returns the bytes read.
func readCRC(paths []string) (int64, uint32, error) {
	buf := make([]byte, 1<<20)
	var total int64
	var sum uint32
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return total, sum, err
		}
		crc := uint32(0)
		for {
			n, err := f.Read(buf)
			crc = crc32.Update(crc, castagnoli, buf[:n])
			total += int64(n)
			if err == io.EOF {
				break
			}
			if err != nil {
				return total, sum, errors.Join(err, f.Close())
			}
		}
		sum ^= crc
		if err := f.Close(); err != nil {
			return total, sum, err
		}
	}
	return total, sum, nil
}

// regularFiles lists the regular files directly in dir, as paths.
func regularFiles(dir string) ([]string, int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, 0, err
	}
	var paths []string
	var size int64
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			return nil, 0, err
		}
		paths = append(paths, filepath.Join(dir, e.Name()))
		size += fi.Size()
	}
	return paths, size, nil
}
