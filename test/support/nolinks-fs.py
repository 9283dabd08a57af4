# A file system without hard links, as a FAT or exFAT USB stick is: a FUSE passthrough of one folder whose link()
# fails with EPERM, as Linux's vfat driver does. For core/wholeFile.test.ts; needs root, /dev/fuse and python3-fusepy.
# Usage: python3 nolinks-fs.py <folder to pass through> <mount point>   (runs until unmounted: fusermount -u)
import errno
import os
import sys

from fusepy import FUSE, FuseOSError, Operations


class NoLinks(Operations):
    def __init__(self, root):
        self.root = root

    def _p(self, p):
        return os.path.join(self.root, p.lstrip('/'))

    def access(self, p, mode):
        if not os.access(self._p(p), mode):
            raise FuseOSError(errno.EACCES)

    def chmod(self, p, mode):
        return os.chmod(self._p(p), mode)

    def chown(self, p, uid, gid):
        return os.chown(self._p(p), uid, gid)

    def getattr(self, p, fh=None):
        st = os.lstat(self._p(p))
        return {k: getattr(st, k) for k in ('st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_mtime', 'st_nlink', 'st_size', 'st_uid', 'st_ino')}

    def readdir(self, p, fh):
        return ['.', '..'] + os.listdir(self._p(p))

    def mkdir(self, p, mode):
        return os.mkdir(self._p(p), mode)

    def rmdir(self, p):
        return os.rmdir(self._p(p))

    def statfs(self, p):
        s = os.statvfs(self._p(p))
        return {k: getattr(s, k) for k in ('f_bavail', 'f_bfree', 'f_blocks', 'f_bsize', 'f_favail', 'f_ffree', 'f_files', 'f_flag', 'f_frsize', 'f_namemax')}

    def unlink(self, p):
        return os.unlink(self._p(p))

    def rename(self, old, new):
        return os.rename(self._p(old), self._p(new))

    def link(self, target, source):
        raise FuseOSError(errno.EPERM)  # what vfat answers

    def symlink(self, name, target):
        raise FuseOSError(errno.EPERM)

    def utimens(self, p, times=None):
        return os.utime(self._p(p), times)

    def open(self, p, flags):
        return os.open(self._p(p), flags)

    def create(self, p, mode, fi=None):
        return os.open(self._p(p), os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)

    def read(self, p, length, offset, fh):
        return os.pread(fh, length, offset)

    def write(self, p, buf, offset, fh):
        return os.pwrite(fh, buf, offset)

    def truncate(self, p, length, fh=None):
        os.truncate(self._p(p), length)

    def flush(self, p, fh):
        return 0

    def release(self, p, fh):
        return os.close(fh)

    def fsync(self, p, datasync, fh):
        return os.fsync(fh)


if __name__ == '__main__':
    FUSE(NoLinks(sys.argv[1]), sys.argv[2], foreground=True, nothreads=True)
