"""Seed the official sites the public is told to trust (seed 002 names cx.mem.gov.cn)."""

from django.db import migrations

OFFICIAL = [
    # host, name, owner, url, is_verification, keywords, how_to_tell, sort
    (
        "cx.mem.gov.cn",
        "特种作业操作证及安全生产知识和管理能力考核合格信息查询",
        "中华人民共和国应急管理部",
        "http://cx.mem.gov.cn/",
        True,
        "应急管理部 应急部 yingjiguanlibu yingjibu yjglb 特种作业操作证查询 tezhongzuoye tzzy",
        "特种作业操作证、安全生产知识和管理能力考核合格证只能在应急管理部官方查询平台 cx.mem.gov.cn 核验；"
        "网址必须以 .mem.gov.cn 结尾。凡是“全国联网可查”却给出其他网址的，都是假冒网站。",
        10,
    ),
    (
        "mem.gov.cn",
        "中华人民共和国应急管理部",
        "中华人民共和国应急管理部",
        "https://www.mem.gov.cn/",
        False,
        "应急管理部 应急部 yingjiguanlibu yingjibu yjglb",
        "应急管理部门户网站以 mem.gov.cn 结尾；政府网站域名以 .gov.cn 结尾，页面底部有政府网站标识码和备案号。",
        20,
    ),
    (
        "samr.gov.cn",
        "国家市场监督管理总局",
        "国家市场监督管理总局",
        "https://www.samr.gov.cn/",
        False,
        "市场监督管理总局 市场监管总局 shichangjianguan scjgzj",
        "市场监管总局网站以 samr.gov.cn 结尾。",
        30,
    ),
    (
        "cccf.com.cn",
        "中国消防产品信息网",
        "应急管理部消防产品合格评定中心",
        "http://www.cccf.com.cn/",
        True,
        "消防产品信息网 消防产品合格评定中心 xiaofangchanpin cccf",
        "消防产品身份信息、强制性认证（3C）证书可在中国消防产品信息网 cccf.com.cn 查询。",
        40,
    ),
    (
        "cnca.gov.cn",
        "国家认证认可监督管理委员会",
        "国家认证认可监督管理委员会",
        "https://www.cnca.gov.cn/",
        True,
        "认证认可监督管理委员会 认监委 cnca",
        "强制性产品认证（3C）证书可在国家认监委网站 cnca.gov.cn 查询。",
        50,
    ),
    (
        "119.gov.cn",
        "中国消防",
        "应急管理部消防救援局",
        "https://www.119.gov.cn/",
        False,
        "消防救援局 xiaofangjiuyuan",
        "国家消防救援局网站以 119.gov.cn 结尾。",
        60,
    ),
]


def seed(apps, schema_editor):
    OfficialDomain = apps.get_model("webwatch", "OfficialDomain")
    for host, name, owner, url, is_verification, keywords, how_to_tell, sort in OFFICIAL:
        OfficialDomain.objects.get_or_create(
            host=host,
            defaults={
                "name": name,
                "owner": owner,
                "url": url,
                "is_verification": is_verification,
                "keywords": keywords,
                "how_to_tell": how_to_tell,
                "sort": sort,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("webwatch", "OfficialDomain").objects.filter(host__in=[o[0] for o in OFFICIAL]).delete()


class Migration(migrations.Migration):
    dependencies = [("webwatch", "0001_official_domains_and_site_ledger")]

    operations = [migrations.RunPython(seed, unseed)]
