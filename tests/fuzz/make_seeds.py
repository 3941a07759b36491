#!/usr/bin/env python3
"""Writes the seed corpus of the HTTP request fuzz target into corpus/http (one file a seed).

Each seed is an attack or an edge case of HTTP/1.1 framing that crm-server must survive."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "http")
H = "Host: 127.0.0.1\r\n"
LOGIN = '{"email":"nobody@example.com","password":"wrong password"}'
SETUP = '{"email":"admin@example.com","password":"correct horse","firstName":"Ada"}'


def req(method, target, headers="", body=""):
    return f"{method} {target} HTTP/1.1\r\n{H}{headers}\r\n{body}"


def chunk(data):
    return f"{len(data):x}\r\n{data}\r\n"


SEEDS = {
    "get_health": req("GET", "/api/health"),
    "pipelined": req("GET", "/api/health") + req("GET", "/api/nope") +
                 req("GET", "/api/health", "Connection: close\r\n"),
    "post_login": req("POST", "/api/auth", f"Content-Type: application/json\r\nContent-Length: {len(LOGIN)}\r\n", LOGIN),
    "setup_admin": req("PUT", "/api/auth", f"Content-Type: application/json\r\nContent-Length: {len(SETUP)}\r\n",
                       SETUP),
    "chunked_trailer": req("POST", "/api/auth", "Transfer-Encoding: chunked\r\n",
                           chunk(LOGIN[:10]) + chunk(LOGIN[10:]) + "0\r\nX-Checksum: abc\r\nAuthorization: Bearer x\r\n\r\n"),
    "chunked_trailer_64k": req("POST", "/api/auth", "Transfer-Encoding: chunked\r\n",
                               chunk("{}") + "0\r\nX-Trailer: " + "a" * 70000 + "\r\n\r\n"),
    "chunked_many_trailers": req("POST", "/api/auth", "Transfer-Encoding: chunked\r\n",
                                 chunk("{}") + "0\r\n" + "".join(f"X-T{i}: v\r\n" for i in range(40)) + "\r\n"),
    "chunk_ext_huge": req("POST", "/api/auth", "Transfer-Encoding: chunked\r\n",
                          "2;name=" + "v" * 5000 + "\r\n{}\r\n0\r\n\r\n"),
    "chunk_ext_quoted": req("POST", "/api/auth", "Transfer-Encoding: chunked\r\n",
                            '2;a=b;c="d\\"e"\r\n{}\r\n0;last\r\n\r\n'),
    "chunk_size_overflow": req("POST", "/api/auth", "Transfer-Encoding: chunked\r\n",
                               "fffffffffffffffffff\r\n{}\r\n0\r\n\r\n"),
    "chunk_over_limit": req("POST", "/api/auth", "Transfer-Encoding: chunked\r\n", "200000\r\n" + "x" * 64),
    "obs_fold": req("GET", "/api/health", "X-Fold: a\r\n  b\r\n\tc\r\n"),
    "cl_te_smuggle": req("POST", "/api/auth", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
                         "0\r\n\r\n" + req("GET", "/api/nope")),
    "te_cl_smuggle": req("POST", "/api/auth", "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n",
                         "0\r\n\r\n" + req("GET", "/api/nope")),
    "te_gzip_smuggle": req("POST", "/api/auth", "Transfer-Encoding: gzip\r\n", req("GET", "/api/nope")),
    "te_gzip_chunked": req("POST", "/api/auth", "Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"),
    "two_content_lengths": req("POST", "/api/auth", "Content-Length: 2\r\nContent-Length: 3\r\n", "{}x"),
    "content_length_list": req("POST", "/api/auth", "Content-Length: 2, 2\r\n", "{}"),
    "content_length_huge": req("POST", "/api/nope", "Content-Length: 26214400\r\nExpect: 100-continue\r\n"),
    "long_target": req("GET", "/api/health?q=" + "a" * 9000),
    "many_fields": req("GET", "/api/health", "".join(f"X-F{i}: v\r\n" for i in range(101))),
    "big_field": req("GET", "/api/health", "X-Big: " + "a" * 17000 + "\r\n"),
    "head": req("HEAD", "/api/health"),
    "http10_keep_alive": "GET /api/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + req("GET", "/api/health"),
    "bare_lf": "GET /api/health HTTP/1.1\nHost: x\n\n",
    "nul_in_value": req("GET", "/api/health", "X-Nul: a\x00b\r\n"),
    "unknown_method": req("BREW", "/api/health"),
    "absolute_form": req("GET", "http://127.0.0.1/api/health"),
    "encoded_path": req("GET", "/api/%2e%2e/api/health/%2F"),
    "bearer_and_cookie": req("POST", "/api/users", "Authorization: Bearer a.b.c\r\nCookie: x=1; token=d.e.f\r\nContent-Length: 2\r\n", "{}"),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, text in SEEDS.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(text.encode("latin-1"))
    print(f"{len(SEEDS)} seeds in {OUT}")


if __name__ == "__main__":
    main()
